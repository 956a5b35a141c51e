"""Award decisions' own rules (K1), without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workflow_app.domain.decisions import (
    Awardee,
    DecisionInput,
    award_money,
    check_awardees,
    check_input,
    issuer_key,
)
from workflow_app.domain.errors import Conflict, Invalid

ENTRY = DecisionInput(
    level="ubnd",
    award_form="bang-khen-ubnd",
    number=123,
    symbol="QĐ-UBND",
    signed_on=date(2025, 11, 20),
    signer_name="Nguyễn Văn Được",
    signer_title="Chủ tịch",
    dossier_ids=(1, 2),
)


@pytest.mark.rule("K1")
def test_award_money_is_rounded_up_to_ten_thousand_dong():
    """Is 0.3 x 2,340,000 = 702,000 paid as 710,000, and no row no money?"""
    assert award_money(Decimal("0.3"), 2_340_000) == 710_000
    assert award_money(Decimal("1.0"), 2_340_000) == 2_340_000
    assert award_money(None, 2_340_000) is None


def test_numbers_run_per_authority():
    """Do the Prime Minister's numbers run nationally and a province's per level?"""
    assert issuer_key("hcm", "central") == issuer_key("dong-nai", "central") == "central"
    assert issuer_key("hcm", "ubnd") != issuer_key("dong-nai", "ubnd")


@pytest.mark.rule("K1")
def test_each_wrong_field_is_named():
    wrong = DecisionInput(**{**ENTRY.__dict__, "symbol": "QĐ/UBND", "signed_on": date(2026, 1, 1)})
    with pytest.raises(Invalid) as refused:
        check_input(wrong, today=date(2025, 11, 25))
    assert set(refused.value.details) == {"symbol", "signed_on"}


@pytest.mark.rule("K1", "X1")
def test_a_dossier_in_another_decision_is_refused_naming_it():
    awardees = [
        Awardee(1, "approved", "bang-khen-ubnd", "so-ket-2025", "ubnd", None),
        Awardee(2, "approved", "bang-khen-ubnd", "so-ket-2025", "ubnd", "7/QĐ-UBND"),
    ]
    with pytest.raises(Conflict) as refused:
        check_awardees(ENTRY, awardees)
    assert refused.value.code == "decision_already_listed"
    assert refused.value.params["decision"] == "7/QĐ-UBND"
    assert check_awardees(ENTRY, awardees[:1]) == "so-ket-2025"
