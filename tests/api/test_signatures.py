"""Signed PDFs (K3): an uploaded PDF's signature checked against the roots the jurisdiction's
administrator trusts, a tampered copy reported changed, and a decision signed with the
jurisdiction's PKCS#12. The tests make their own CA and signer with `cryptography`."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from tests.api.test_decisions import approved_by_ubnd, record
from workflow_app.services.papers.pdf import render_pdf
from workflow_app.services.papers.signatures import _run  # pyHanko beside Playwright's loop

PASSPHRASE = "mat-khau-p12"
NOW = datetime.now(UTC)


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kiểm thử"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _certificate(subject, issuer, key, issuer_key, ca: bool):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    usage = dict.fromkeys(
        (
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_cert_sign=True,
                crl_sign=True,
                **usage,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation, which document signing requires
                key_cert_sign=False,
                crl_sign=False,
                **usage,
            ),
            critical=True,
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pki(common: str):
    """A root CA and a signer it issued: (root PEM, PKCS#12 of the signer)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate(_name(f"CA {common}"), _name(f"CA {common}"), root_key, root_key, True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(common), root.subject, key, root_key, False)
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer",
        key,
        cert,
        [root],
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )
    return root.public_bytes(serialization.Encoding.PEM), p12


@pytest.fixture(scope="module")
def pki():
    return _pki("Nguyễn Văn Ký")


@pytest.fixture(scope="module")
def signed_pdf(pki):
    """A one-page PDF signed by the test signer."""
    _, p12 = pki
    signer = signers.SimpleSigner.load_pkcs12_data(p12, [], PASSPHRASE.encode())
    unsigned = render_pdf_minimal()
    meta = signers.PdfSignatureMetadata(field_name="Sig1")
    writer = IncrementalPdfFileWriter(io.BytesIO(unsigned))
    return _run(signers.async_sign_pdf(writer, meta, signer)).getvalue()


def render_pdf_minimal() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Tờ trình số 12/TTr-THPT</p>").write_pdf()


def _tampered(content: bytes) -> bytes:
    """Change one byte of the signed content (the page's text stream)."""
    at = content.index(b"stream") + 20
    return content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]


def _upload(api, dossier_id: int, content: bytes, name="to-trinh-ky-so.pdf"):
    data = {"kind": "to-trinh", "file": (io.BytesIO(content), name, "application/pdf")}
    return api.post(
        f"/dossiers/{dossier_id}/documents",
        "hcm-unit",
        data=data,
        content_type="multipart/form-data",
    )


def _trust(api, pem: bytes, user="hcm-admin"):
    data = {"file": (io.BytesIO(pem), "root.pem")}
    return api.post(
        "/jurisdictions/hcm/trusted-roots", user, data=data, content_type="multipart/form-data"
    )


@pytest.mark.rule("K3")
def test_an_uploaded_signature_is_checked_against_the_trusted_roots(api, pki, signed_pdf):
    """Is a signed PDF reported valid and untrusted before its root is trusted, valid and
    trusted after, and its tampered copy reported changed?"""
    root_pem, _ = pki
    dossier = api.gen_dossier("bang-khen-ubnd", documents=())
    before = _upload(api, dossier["id"], signed_pdf)
    assert before.status_code == 201, before.json
    signature = before.json["signature"]
    assert signature["valid"] is True and signature["trusted"] is False
    assert "Nguyễn Văn Ký" in signature["signer"]
    assert signature["signed_at"][:4] == str(NOW.year)

    assert _trust(api, root_pem, user="hcm-ubnd").status_code == 403
    trusted = _trust(api, root_pem)
    assert trusted.status_code == 201, trusted.json
    assert _trust(api, root_pem).status_code == 409
    after = _upload(api, dossier["id"], signed_pdf).json["signature"]
    assert (after["valid"], after["trusted"], after["changed"]) == (True, True, False)

    tampered = _upload(api, dossier["id"], _tampered(signed_pdf)).json["signature"]
    assert tampered["valid"] is False and tampered["changed"] is True

    plain = _upload(api, dossier["id"], b"%PDF-1.4 no signature").json
    assert plain["signature"] is None
    shown = api.dossier(dossier["id"])["documents"]
    assert [d["signature"] and d["signature"]["valid"] for d in shown] == [
        True,
        True,
        False,
        None,
    ]
    history = api.get(f"/dossiers/{dossier['id']}/history", "hcm-auditor").json["events"]
    checked = [e["data"].get("signature") for e in history if e["type"] == "document_added"]
    assert checked[2]["changed"] is True  # the audit export carries what was checked


@pytest.mark.rule("K3")
def test_a_root_of_another_ca_is_not_trusted(api, pki, signed_pdf):
    """Does trusting some other CA leave the signer untrusted?"""
    other_root, _ = _pki("Người khác")
    assert _trust(api, other_root).status_code == 201
    dossier = api.gen_dossier("bang-khen-ubnd", documents=())
    signature = _upload(api, dossier["id"], signed_pdf).json["signature"]
    assert signature["valid"] is True and signature["trusted"] is False


@pytest.mark.rule("K3", "K1")
def test_ubnd_signs_its_decision_with_the_jurisdictions_certificate(api, pki):
    """After the administrator uploads the PKCS#12, does UBND's signed PDF of decision
    123/QĐ-UBND verify with pyHanko against the root, and carry the names and the money?"""
    root_pem, p12 = pki
    decision_id = record(api, approved_by_ubnd(api)).json["id"]
    refused = api.post(f"/decisions/{decision_id}/sign", "hcm-ubnd")
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "no_signing_credential")
    wrong = {"file": (io.BytesIO(p12), "ubnd.p12"), "passphrase": "sai"}
    path = "/jurisdictions/hcm/signing-credential"
    answer = api.post(path, "hcm-admin", data=wrong, content_type="multipart/form-data")
    assert (answer.status_code, answer.json["error"]["code"]) == (422, "credential_unreadable")
    good = {"file": (io.BytesIO(p12), "ubnd.p12"), "passphrase": PASSPHRASE}
    assert (
        api.post(path, "hcm-admin", data=good, content_type="multipart/form-data").status_code
        == 201
    )

    assert api.post(f"/decisions/{decision_id}/sign", "hcm-auditor").status_code == 403
    signed = api.post(f"/decisions/{decision_id}/sign", "hcm-ubnd")
    assert signed.status_code == 200, signed.json
    assert api.post(f"/decisions/{decision_id}/sign", "hcm-ubnd").status_code == 409
    content = api.get(f"/decisions/{decision_id}/document.pdf", "hcm-ubnd").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in ("123/QĐ-UBND", "Nguyễn Thị Hồng Nhung", "Trường THPT Lê Quý Đôn", "7.020.000"):
        assert expected in text, expected

    root = x509.load_pem_x509_certificate(root_pem).public_bytes(serialization.Encoding.DER)
    from asn1crypto import x509 as asn1_x509

    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(root)])
    embedded = PdfFileReader(io.BytesIO(content)).embedded_signatures
    status = _run(async_validate_pdf_signature(embedded[0], context))
    assert status.intact and status.valid and status.trusted
    assert "Nguyễn Văn Ký" in status.signing_cert.subject.human_friendly


def test_the_pdf_renders_vietnamese():
    """Does the renderer keep diacritics (a font with Vietnamese glyphs is installed)?"""
    content = render_pdf(
        {"authority_upper": "ỦY BAN NHÂN DÂN", "reference": "1/QĐ-UBND", "awardees": []}
    )
    assert "ỦY BAN NHÂN DÂN" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
