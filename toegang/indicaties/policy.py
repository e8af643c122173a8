"""Publishing a new version of the impact policy (the functioneel beheerder's job)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import Role
from toegang.audit.operations import record
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.indicaties.impact import ImpactRegels
from toegang.indicaties.models import ImpactBeleid
from toegang.security import require_roles


def _codes(raw: str, field: str) -> list[str]:
    codes = [c.strip() for c in (raw or "").split(",") if c.strip()]
    for c in codes:
        if len(c) != 2 or not c.isdigit():
            raise DomainError("Gebruik productcategorieën van twee cijfers, gescheiden door komma's.", field)
    return codes


def fill_form(form: Any, regels: ImpactRegels) -> None:
    form.kosten_drempel.data = regels.kosten_12m_drempel_cents // 100
    form.pgb_drempel.data = regels.pgb_drempel_12m_cents // 100
    form.crisis_max_dagen.data = regels.crisis_max_dagen
    form.verblijf_wmo.data = ", ".join(regels.verblijf_categorieen.get("WMO", []))
    form.verblijf_jeugd.data = ", ".join(regels.verblijf_categorieen.get("JW", []))
    form.lokale_contractering.data = regels.lokale_contractering
    form.afwijking_kader.data = regels.afwijking_kader
    form.jeugd_18_plus.data = regels.jeugd_18_plus


def publish(actor: Any, form: Any) -> ImpactBeleid:
    """A new version; earlier versions and the indicaties judged by them stay as they were."""
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "publish_impact_beleid")
    regels = ImpactRegels(
        kosten_12m_drempel_cents=int(form.kosten_drempel.data or 0) * 100,
        pgb_drempel_12m_cents=int(form.pgb_drempel.data or 0) * 100,
        crisis_max_dagen=int(form.crisis_max_dagen.data or 0),
        verblijf_categorieen={"WMO": _codes(form.verblijf_wmo.data, "verblijf_wmo"),
                              "JW": _codes(form.verblijf_jeugd.data, "verblijf_jeugd"), "PW": []},
        lokale_contractering=bool(form.lokale_contractering.data), afwijking_kader=bool(form.afwijking_kader.data),
        jeugd_18_plus=bool(form.jeugd_18_plus.data),
    )
    regels.validate()
    last = db.session.scalar(sa.select(sa.func.max(ImpactBeleid.versie))) or 0
    beleid = ImpactBeleid(versie=last + 1, ingangsdatum=form.ingangsdatum.data, regels=regels.to_json(),
                          toelichting=(form.toelichting.data or "").strip(), published_at=utcnow(),
                          published_by_id=actor.id)
    db.session.add(beleid)
    db.session.flush()
    record("publish_impact_beleid", object_type="impact_beleid", object_id=beleid.id,
           details={"versie": beleid.versie, "ingangsdatum": beleid.ingangsdatum.isoformat()})
    return beleid
