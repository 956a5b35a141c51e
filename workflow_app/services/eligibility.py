"""E1: which nominee kinds may receive which award form in which kind of round, as the
eligibility table (`eligibility.dmn`) of the jurisdiction's published model says. Asked
before a dossier is written, and by the new-dossier page to offer only the allowed forms."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from sqlalchemy.orm import Session

from ..domain.errors import NotEligible
from ..domain.rounds import round_kind, round_year
from ..domain.vocabulary import AWARD_FORMS
from ..engine.decisions import DecisionFailed, decide
from ..engine.engine import EngineError
from ..engine.specs import ParsedModel
from ..persistence.models import Jurisdiction, ProcessModelVersion
from .context import ServiceContext
from .process_models import find_published_version, parsed_model

ELIGIBILITY_DECISION = "eligibility"


@dataclass(frozen=True)
class Answer:
    """What the table says of one (award form, nominee kind, round kind)."""

    allowed: bool
    rule: str  # the row's label ("Căn cứ"), shown when it refuses
    rule_id: str | None  # None: no row matched, which refuses


class _Answers:
    """Answers by (model content, form, kind, round kind): a table's answer never changes,
    and a page asks up to 72 of them."""

    def __init__(self, max_entries: int = 4096):
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._max = max_entries
        self._lock = Lock()

    def get(self, key: tuple, compute) -> Answer:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self._max:
                self._answers.popitem(last=False)
        return answer


_ANSWERS = _Answers()


def answer(
    ctx: ServiceContext,
    parsed: ParsedModel,
    award_form: str,
    kind: str,
    round_: str,
    category: str | None = None,
) -> Answer | None:
    """The table's answer; None when the model has no eligibility table (older versions).
    Besides form, kind and round kind, a table may read the collective's category (Đồng
    Nai III.1; "" when none is recorded) and the round's year."""
    table = parsed.decisions.get(ELIGIBILITY_DECISION)
    if table is None:
        return None
    facts = {
        "award_form": award_form,
        "nominee_kind": kind,
        "round_kind": round_kind(round_),
        "nominee_category": category or "",
        "round_year": round_year(round_) or 0,
    }

    def compute() -> Answer:
        try:
            decided = decide(table, ELIGIBILITY_DECISION, facts, ctx.engine.script_limits)
        except DecisionFailed as error:
            raise EngineError(str(error)) from error
        return Answer(
            allowed=decided.outputs.get("allowed") is True,
            rule=str(decided.outputs.get("rule") or ""),
            rule_id=decided.rule_id,
        )

    return _ANSWERS.get((parsed.content_hash, *facts.values()), compute)


def check_eligible(
    ctx: ServiceContext,
    version: ProcessModelVersion,
    award_form: str,
    kind: str,
    round_: str,
    category: str | None = None,
) -> None:
    """E1: refuse (422 `not_eligible`, naming the row) what the version's table refuses."""
    found = answer(ctx, parsed_model(ctx, version), award_form, kind, round_, category)
    if found is not None and not found.allowed:
        raise NotEligible(
            kind=kind,
            award_form=award_form,
            round=round_,
            details={"rule": found.rule, "rule_id": found.rule_id},
        )


def published_for(session: Session, jurisdiction_id: str) -> ProcessModelVersion | None:
    jurisdiction = session.get(Jurisdiction, jurisdiction_id)
    return find_published_version(session, jurisdiction) if jurisdiction else None


def check_eligible_now(
    ctx: ServiceContext,
    jurisdiction_id: str,
    award_form: str,
    kind: str,
    round_: str,
    category: str | None = None,
) -> None:
    """E1 at creation, against the published model (a jurisdiction with none yet is checked
    when the dossier is submitted)."""
    version = published_for(ctx.session, jurisdiction_id)
    if version is not None:
        check_eligible(ctx, version, award_form, kind, round_, category)


def allowed_forms(
    ctx: ServiceContext, jurisdiction_id: str, kind: str, rounds: list[str]
) -> dict[str, list[str]]:
    """Round -> the award forms a nominee of this kind may be proposed for (every form when
    the jurisdiction has no published table yet)."""
    version = published_for(ctx.session, jurisdiction_id)
    parsed = parsed_model(ctx, version) if version is not None else None
    allowed = {}
    for round_ in rounds:
        forms = []
        for form in AWARD_FORMS:
            found = answer(ctx, parsed, form, kind, round_) if parsed else None
            if found is None or found.allowed:
                forms.append(form)
        allowed[round_] = forms
    return allowed
