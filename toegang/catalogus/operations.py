"""Loading and reading the reference code lists and wijken."""

from __future__ import annotations

import json
import time
from importlib import resources
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask import current_app

from toegang.accounts.roles import Role
from toegang.catalogus.models import ReferenceCode, Wijk
from toegang.extensions import db
from toegang.security import require_roles

VIEW_ROLES = (Role.FUNCTIONEEL_BEHEERDER, Role.CONSULENT, Role.TEAMLEIDER)


def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("toegang.catalogus").joinpath("data", name).read_text("utf-8"))


def reference_lists() -> dict[str, dict[str, Any]]:
    """The shipped code lists: {list_name: {"titel": ..., "codes": [[code, label], ...]}}."""
    return _data("reference_codes.json")["lists"]


def load_reference_data() -> dict[str, int]:
    """Insert or update the shipped code lists. Idempotent; codes no longer shipped are deactivated."""
    counts = {"nieuw": 0, "gewijzigd": 0}
    existing = {(c.list_name, c.code): c for c in db.session.scalars(sa.select(ReferenceCode))}
    shipped: set[tuple[str, str]] = set()
    for list_name, spec in reference_lists().items():
        for order, (code, label) in enumerate(spec["codes"]):
            key = (list_name, code)
            shipped.add(key)
            row = existing.get(key)
            if row is None:
                db.session.add(ReferenceCode(list_name=list_name, code=code, label=label, active=True,
                                             sort_order=order))
                counts["nieuw"] += 1
            elif row.label != label or not row.active or row.sort_order != order:
                row.label, row.active, row.sort_order = label, True, order
                counts["gewijzigd"] += 1
    for key, row in existing.items():
        if key not in shipped and row.active:
            row.active = False
            counts["gewijzigd"] += 1
    db.session.flush()
    forget_cached_codes()
    return counts


class Code(NamedTuple):
    code: str
    label: str


#: How long a process keeps a code list. The lists change only when a release ships new ones
#: (``load_reference_data``, which empties this process's cache at once); other processes pick the
#: change up within this time, or at the restart that comes with the release.
CODES_MAX_AGE_SECONDS = 300.0


def codes(list_name: str) -> list[Code]:
    """The active codes of a list, in order. Cached per process: the case page alone asked for two
    lists on every view, and the lists are the same for everyone."""
    cache: dict[str, tuple[float, list[Code]]] = current_app.extensions.setdefault("toegang_codes", {})
    hit = cache.get(list_name)
    if hit is not None and time.monotonic() - hit[0] < CODES_MAX_AGE_SECONDS:
        return list(hit[1])
    rows = [Code(c, label) for c, label in db.session.execute(
        sa.select(ReferenceCode.code, ReferenceCode.label)
        .where(ReferenceCode.list_name == list_name, ReferenceCode.active)
        .order_by(ReferenceCode.sort_order))]
    cache[list_name] = (time.monotonic(), rows)
    return list(rows)


def forget_cached_codes() -> None:
    current_app.extensions.pop("toegang_codes", None)


def code_choices(list_name: str) -> list[tuple[str, str]]:
    """(code, "code – label") pairs for a select field."""
    return [(c.code, f"{c.code} – {c.label}") for c in codes(list_name)]


def is_valid_code(list_name: str, code: str) -> bool:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ReferenceCode)
        .where(ReferenceCode.list_name == list_name, ReferenceCode.code == code, ReferenceCode.active)
    ) == 1


def all_lists_for_view(actor: Any) -> list[tuple[str, str, list[ReferenceCode]]]:
    require_roles(actor, VIEW_ROLES, "view_reference_codes")
    rows = db.session.scalars(
        sa.select(ReferenceCode).order_by(ReferenceCode.list_name, ReferenceCode.sort_order)
    ).all()
    by_list: dict[str, list[ReferenceCode]] = {}
    for r in rows:
        by_list.setdefault(r.list_name, []).append(r)
    titles = {name: spec["titel"] for name, spec in reference_lists().items()}
    return [(name, titles.get(name, name), by_list[name]) for name in titles if name in by_list]


def wijken_for(actor: Any) -> list[Wijk]:
    """The wijken of the gemeenten the user works for."""
    require_roles(actor, VIEW_ROLES, "view_wijken")
    return list(db.session.scalars(
        sa.select(Wijk).where(Wijk.gemeente_id.in_(actor.gemeente_ids))
        .order_by(Wijk.gemeente_id, Wijk.naam)
    ))
