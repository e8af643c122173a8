"""Demo: publish version 1 of the impact policy (the defaults of the issue) if none exists."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from toegang.db import utcnow
from toegang.extensions import db
from toegang.indicaties.impact import ImpactRegels
from toegang.indicaties.models import ImpactBeleid


def seed_impact_beleid() -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(ImpactBeleid)):
        return
    db.session.add(ImpactBeleid(versie=1, ingangsdatum=date(2026, 1, 1), regels=ImpactRegels().to_json(),
                                toelichting="Eerste versie: de regels uit het vier-ogenbeleid van de gemeente.",
                                published_at=utcnow()))
    db.session.flush()
