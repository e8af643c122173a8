"""The roles of the loket. A person may hold several (a teamleider often also works as consulent)."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    CONSULENT = "consulent"
    TEAMLEIDER = "teamleider"
    BELEIDSMEDEWERKER = "beleidsmedewerker"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CONSULENT: "Consulent",
    Role.TEAMLEIDER: "Teamleider",
    Role.BELEIDSMEDEWERKER: "Beleidsmedewerker",
    Role.FUNCTIONEEL_BEHEERDER: "Functioneel beheerder",
    Role.AUDITOR: "Privacy officer / auditor",
}

#: Roles that work with residents' files (never the policy officer).
CASE_ROLES = frozenset({Role.CONSULENT, Role.TEAMLEIDER})
