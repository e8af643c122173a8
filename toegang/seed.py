"""Demo data for a fresh installation: gemeenten, wijken, code lists and a user for every role.

Idempotent: everything is matched on a natural key (gemeente code, username) and only created when
missing, so running it twice changes nothing. Later domains add their residents and cases here.
"""

from __future__ import annotations

import json
import secrets
from importlib import resources
from typing import Any

import sqlalchemy as sa

from toegang.accounts.models import User
from toegang.accounts.operations import create_user
from toegang.accounts.roles import Role
from toegang.afweging.operations import seed_kaders
from toegang.afweging.seed import seed_paden
from toegang.catalogus.models import Wijk
from toegang.catalogus.operations import load_reference_data
from toegang.catalogus.seed import seed_catalogus
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.hulpvragen.seed import seed_intake
from toegang.indicaties.seed import seed_impact_beleid

#: username, full name, roles, gemeente codes
DEMO_USERS: list[tuple[str, str, list[Role], list[str]]] = [
    ("consulent", "Sanne Jansen", [Role.CONSULENT], ["9991", "9992"]),
    ("consulent2", "Mohamed El Amrani", [Role.CONSULENT], ["9991"]),
    ("teamleider", "Petra de Groot", [Role.TEAMLEIDER, Role.CONSULENT], ["9991", "9992"]),
    ("teamleider2", "Kees Visser", [Role.TEAMLEIDER], ["9991", "9992"]),
    ("beleid", "Lotte Smit", [Role.BELEIDSMEDEWERKER], ["9991"]),
    ("beheer", "Ahmed Yilmaz", [Role.FUNCTIONEEL_BEHEERDER], ["9991", "9992"]),
    ("auditor", "Ingrid Mulder", [Role.AUDITOR], ["9991", "9992"]),
]


def _demo_gemeenten() -> list[dict[str, Any]]:
    text = resources.files("toegang.catalogus").joinpath("data", "demo_gemeenten.json").read_text("utf-8")
    return json.loads(text)["gemeenten"]


def seed_gemeenten() -> dict[str, Gemeente]:
    by_code = {g.code: g for g in db.session.scalars(sa.select(Gemeente))}
    for spec in _demo_gemeenten():
        gemeente = by_code.get(spec["code"])
        if gemeente is None:
            fields = {k: v for k, v in spec.items() if k != "wijken"}
            gemeente = Gemeente(**fields)
            db.session.add(gemeente)
            db.session.flush()
            by_code[gemeente.code] = gemeente
        existing = set(db.session.scalars(sa.select(Wijk.code).where(Wijk.gemeente_id == gemeente.id)))
        for code, naam, soort in spec["wijken"]:
            if code not in existing:
                db.session.add(Wijk(gemeente_id=gemeente.id, code=code, naam=naam, soort=soort))
    db.session.flush()
    return by_code


def seed_demo() -> list[tuple[str, str, str]]:
    """Create what is missing; return (username, password, roles) of users created now."""
    load_reference_data()
    gemeenten = seed_gemeenten()
    created: list[tuple[str, str, str]] = []
    existing = set(db.session.scalars(sa.select(User.username)))
    for username, full_name, roles, codes in DEMO_USERS:
        if username in existing:
            continue
        password = secrets.token_urlsafe(12)
        create_user(None, username=username, full_name=full_name, email=f"{username}@loket.example",
                    password=password, roles=roles, gemeente_ids=[gemeenten[c].id for c in codes],
                    via_cli=True)
        created.append((username, password, ", ".join(r.label for r in roles)))
    db.session.flush()
    seed_catalogus()
    seed_kaders()
    seed_impact_beleid()
    seed_intake()
    seed_paden()
    return created
