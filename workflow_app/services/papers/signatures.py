"""K3: signed PDFs. An uploaded PDF's signature is checked with pyHanko (intact, signer,
signing time, changed after signing, a chain to a root the jurisdiction's administrator
trusts) and the result kept on the document. A decision's PDF is signed with the
jurisdiction's PKCS#12, kept encrypted with the app's secret, with a visible stamp."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from ...domain.errors import Conflict, Invalid, NotFound, problem
from ...persistence.models import SigningCredential, TrustedRoot
from ..context import ServiceContext
from ..setting_changes import record_change
from .templates import require_admin

STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
UNCHANGED = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
MAX_CERTIFICATE_BYTES = 64 * 1024


def check_pdf(content: bytes, roots: list[bytes]) -> dict | None:
    """The first signature of a PDF as the contract shows it; None when it has none."""
    try:
        embedded = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    except Exception:  # not a PDF pyHanko can read: nothing to check
        return None
    if not embedded:
        return None
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in roots], allow_fetching=False
    )
    try:
        status = _run(async_validate_pdf_signature(embedded[0], context))
    except Exception:  # a signature too broken to validate is no valid signature
        return {
            "valid": False,
            "signer": None,
            "signed_at": None,
            "trusted": False,
            "changed": True,
        }
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    changed = not status.intact or not (whole or status.modification_level in UNCHANGED)
    signed_at = status.signer_reported_dt
    return {
        "valid": bool(status.intact and status.valid and not changed),
        "signer": status.signing_cert.subject.human_friendly,
        "signed_at": signed_at.isoformat() if signed_at else None,
        "trusted": bool(status.trusted),
        "changed": changed,
    }


def _run(coroutine):
    """pyHanko works in coroutines; run one to its end, in a thread of its own when this
    thread already runs an event loop (its sync wrappers would refuse)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def trusted_roots(ctx: ServiceContext, jurisdiction_id: str) -> list[TrustedRoot]:
    return list(
        ctx.session.scalars(
            select(TrustedRoot)
            .where(TrustedRoot.jurisdiction_id == jurisdiction_id)
            .order_by(TrustedRoot.id)
        )
    )


def check_upload(
    ctx: ServiceContext, jurisdiction_id: str, filename: str, path: Path
) -> dict | None:
    """The signature of an uploaded PDF, against the jurisdiction's trusted roots."""
    if not filename.lower().endswith(".pdf"):
        return None
    roots = [root.der for root in trusted_roots(ctx, jurisdiction_id)]
    return check_pdf(path.read_bytes(), roots)


def _certificate(content: bytes) -> x509.Certificate:
    if len(content) > MAX_CERTIFICATE_BYTES:
        raise Invalid("certificate_unreadable", details={"file": problem("too_large_mb", mb=0.06)})
    try:
        if b"-----BEGIN CERTIFICATE-----" in content:
            return x509.load_pem_x509_certificate(content)
        return x509.load_der_x509_certificate(content)
    except ValueError as error:
        raise Invalid("certificate_unreadable") from error


def add_trusted_root(ctx: ServiceContext, jurisdiction_id: str, content: bytes) -> TrustedRoot:
    """An administrator trusts one more root for the jurisdiction's signed documents."""
    require_admin(ctx, jurisdiction_id)
    certificate = _certificate(content)
    der = certificate.public_bytes(Encoding.DER)
    sha256 = hashlib.sha256(der).hexdigest()
    known = {root.sha256 for root in trusted_roots(ctx, jurisdiction_id)}
    if sha256 in known:
        raise Conflict("root_already_trusted", subject=certificate.subject.rfc4514_string())
    root = TrustedRoot(
        jurisdiction_id=jurisdiction_id,
        subject=certificate.subject.rfc4514_string()[:500],
        sha256=sha256,
        der=der,
        added_by=ctx.actor_name,
        added_at=ctx.now,
    )
    ctx.session.add(root)
    record_change(ctx, jurisdiction_id, "trusted_root", sha256, None, {"subject": root.subject})
    ctx.session.flush()
    return root


def remove_trusted_root(ctx: ServiceContext, jurisdiction_id: str, root_id: int) -> None:
    require_admin(ctx, jurisdiction_id)
    root = ctx.session.get(TrustedRoot, root_id)
    if root is None or root.jurisdiction_id != jurisdiction_id:
        raise NotFound()
    record_change(
        ctx, jurisdiction_id, "trusted_root", root.sha256, {"subject": root.subject}, None
    )
    ctx.session.delete(root)


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"signing-credential:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def set_signing_credential(
    ctx: ServiceContext, jurisdiction_id: str, content: bytes, passphrase: str, secret: str
) -> SigningCredential:
    """The jurisdiction's PKCS#12, checked, then kept encrypted with the app's secret."""
    require_admin(ctx, jurisdiction_id)
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(content, passphrase.encode() or None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise Invalid("credential_unreadable") from error
    if key is None or certificate is None:
        raise Invalid("credential_unreadable")
    sealed = json.dumps({"p12": base64.b64encode(content).decode(), "passphrase": passphrase})
    credential = SigningCredential(
        jurisdiction_id=jurisdiction_id,
        subject=certificate.subject.rfc4514_string()[:500],
        encrypted=_fernet(secret).encrypt(sealed.encode()),
        uploaded_by=ctx.actor_name,
        uploaded_at=ctx.now,
    )
    ctx.session.add(credential)
    record_change(
        ctx, jurisdiction_id, "signing_credential", "pkcs12", None, {"subject": credential.subject}
    )
    ctx.session.flush()
    return credential


def current_credential(ctx: ServiceContext, jurisdiction_id: str) -> SigningCredential | None:
    return ctx.session.scalar(
        select(SigningCredential)
        .where(SigningCredential.jurisdiction_id == jurisdiction_id)
        .order_by(SigningCredential.id.desc())
        .limit(1)
    )


def sign_pdf(pdf: bytes, credential: SigningCredential, secret: str, location: str) -> bytes:
    """Sign `pdf` with the credential, a visible stamp on its last page."""
    sealed = json.loads(_fernet(secret).decrypt(credential.encrypted))
    passphrase = sealed["passphrase"].encode() or None
    signer = signers.SimpleSigner.load_pkcs12_data(
        base64.b64decode(sealed["p12"]), other_certs=[], passphrase=passphrase
    )
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo", reason="Ký ban hành quyết định khen thưởng", location=location
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec("ChuKySo", on_page=-1, box=(300, 40, 560, 110)),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return _run(pdf_signer.async_sign_pdf(writer)).getvalue()
    except SigningError as error:
        raise Conflict("signing_failed") from error


def _stamp_style() -> TextStampStyle:
    """Vietnamese on the stamp needs an embedded font (DejaVu, a Debian package)."""
    return TextStampStyle(
        stamp_text="Ký số bởi: %(signer)s\nThời gian: %(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(STAMP_FONT), font_size=9)),
    )
