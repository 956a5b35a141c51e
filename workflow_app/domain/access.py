"""Who may see and do what: roles granted in a jurisdiction (and, for `unit`, one unit)."""

from __future__ import annotations

from dataclasses import dataclass

from .roles import NATIONAL_LANES, is_reviewing


@dataclass(frozen=True)
class Grant:
    role: str
    jurisdiction_id: str | None  # None: national (the central level)
    unit_id: str | None = None


@dataclass(frozen=True)
class Actor:
    """A signed-in user as the rules see them."""

    user_id: int
    username: str
    grants: frozenset[Grant]

    def holds(self, role: str, jurisdiction_id: str | None, unit_id: str | None = None) -> bool:
        """Does the user hold `role` here? A national grant covers every jurisdiction."""
        for grant in self.grants:
            if grant.role != role:
                continue
            if grant.jurisdiction_id not in (None, jurisdiction_id):
                continue
            if role == "unit" and grant.unit_id != unit_id:
                continue
            return True
        return False

    def unit_ids(self) -> set[str]:
        return {g.unit_id for g in self.grants if g.role == "unit" and g.unit_id}

    def jurisdictions_for(self, role: str) -> set[str | None]:
        return {g.jurisdiction_id for g in self.grants if g.role == role}

    def reviews_in(self) -> set[str | None]:
        """The jurisdictions where the user holds one of a jurisdiction's own reviewing roles
        (issue 17: those roles are data, so any role that is not built in)."""
        return {g.jurisdiction_id for g in self.grants if is_reviewing(g.role)}

    def administered_jurisdictions(self) -> set[str]:
        """Where the user may change models, settings and users: an `admin` grant of a
        jurisdiction (a national admin grant administers none)."""
        return {j for j in self.jurisdictions_for("admin") if j}

    def administers_nationally(self) -> bool:
        """R1, K: the decrees' tables (rule sets, award money) are national law, so only an
        `admin` granted at the national level changes them, not a province's admin."""
        return any(g.role == "admin" and g.jurisdiction_id is None for g in self.grants)

    def may_act_in_lane(self, lane: str, jurisdiction_id: str, unit_id: str | None) -> bool:
        """X3 and the lanes: a task goes to the lane's role in the dossier's jurisdiction/unit."""
        return self.holds(lane, jurisdiction_id, unit_id)

    def may_read_dossier(
        self, jurisdiction_id: str, unit_id: str, status: str, reached_central: bool
    ) -> bool:
        """Units see their own; admins and auditors all; reviewers the submitted ones."""
        if self.holds("unit", jurisdiction_id, unit_id):
            return True
        if any(self.holds(r, jurisdiction_id) for r in ("admin", "auditor")):
            return True
        if status == "draft":
            return False
        if jurisdiction_id in self.reviews_in():
            return True
        return reached_central and any(self.holds(role, jurisdiction_id) for role in NATIONAL_LANES)
