"""Reading and editing the per-gemeente configuration (letterhead, bezwaar, verordening, signatory)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import Role
from toegang.audit.operations import record
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.security import require_gemeente, require_roles

EDITABLE_FIELDS = (
    "naam", "bezoekadres", "postadres", "telefoon", "email", "website", "logo_bestand",
    "bezwaar_adres", "verordening_wmo", "verordening_jeugd", "verordening_participatie",
    "ondertekenaar_naam", "ondertekenaar_functie",
)


def list_gemeenten(actor: Any) -> list[Gemeente]:
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "list_gemeenten")
    return list(db.session.scalars(
        sa.select(Gemeente).where(Gemeente.id.in_(actor.gemeente_ids)).order_by(Gemeente.naam)
    ))


def get_gemeente(actor: Any, gemeente_id: int) -> Gemeente:
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "view_gemeente", object_type="gemeente",
                  object_id=gemeente_id)
    require_gemeente(actor, gemeente_id, "view_gemeente", object_type="gemeente", object_id=gemeente_id)
    gemeente = db.session.get(Gemeente, gemeente_id)
    if gemeente is None:  # pragma: no cover - scope check already refuses unknown ids
        raise DomainError("Onbekende gemeente.")
    return gemeente


def update_gemeente(actor: Any, gemeente: Gemeente, values: dict[str, str]) -> None:
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "update_gemeente", object_type="gemeente",
                  object_id=gemeente.id)
    require_gemeente(actor, gemeente.id, "update_gemeente", object_type="gemeente", object_id=gemeente.id)
    if not values.get("naam", "").strip():
        raise DomainError("Vul de naam van de gemeente in.", "naam")
    logo = values.get("logo_bestand", "").strip()
    if logo and (".." in logo or logo.startswith("/") or not logo.startswith("img/")):
        raise DomainError("Het logo moet een bestand in de map img/ van de applicatie zijn.", "logo_bestand")
    changed = {}
    for name in EDITABLE_FIELDS:
        new = values.get(name, "").strip()
        if getattr(gemeente, name) != new:
            changed[name] = {"voor": getattr(gemeente, name), "na": new}
            setattr(gemeente, name, new)
    db.session.flush()
    record("update_gemeente", object_type="gemeente", object_id=gemeente.id, gemeente_id=gemeente.id,
           details={"gewijzigd": changed})
