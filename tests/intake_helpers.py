"""Helpers for tests that need residents and hulpvragen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlalchemy as sa

from toegang.accounts.models import User
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag, Kanaal, Melder
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.models import Inwoner
from toegang.validation import demo_bsns

_bsns = demo_bsns()


def next_bsn() -> str:
    return next(_bsns)


def user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def make_inwoner(actor: User, gemeente_id: int, **kw: Any) -> Inwoner:
    bsn = kw.pop("bsn", None) or next_bsn()
    data = inw_ops.InwonerGegevens(
        voornamen=kw.pop("voornamen", "Jan"), achternaam=kw.pop("achternaam", "Jansen"),
        geboortedatum=kw.pop("geboortedatum", date(1950, 3, 1)), postcode=kw.pop("postcode", "1234 AB"),
        huisnummer=kw.pop("huisnummer", 1), straat=kw.pop("straat", "Dorpsstraat"),
        woonplaats=kw.pop("woonplaats", "Voorbeeld"), **kw,
    )
    return inw_ops.create_inwoner(actor, gemeente_id, bsn, data)


def make_hulpvraag(actor: User, inwoner: Inwoner, melddatum: date, wetten: tuple[str, ...] = ("WMO",),
                   **kw: Any) -> Hulpvraag:
    m = hv_ops.Melding(melddatum=melddatum, kanaal=kw.pop("kanaal", Kanaal.LOKET),
                       melder=kw.pop("melder", Melder.INWONER), omschrijving=kw.pop("omschrijving", "Hulp nodig"),
                       wetten=list(wetten), **kw)
    return hv_ops.create_hulpvraag(actor, inwoner, m)


def field_token(html: str, prefix: str | None = None) -> tuple[str, str]:
    """(name, value) of the CSRF field of the form with ``prefix`` on a page."""
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html) or \
        re.search(rf'value="([^"]+)"[^>]*name="{re.escape(name)}"', html)
    assert match, f"no {name} on page"
    return name, match.group(1)


