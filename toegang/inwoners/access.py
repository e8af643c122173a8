"""Loading residents for a user: role check, gemeente scope and an audit event per read.

Every view that shows a resident's data loads it through :func:`get_inwoner`; nothing else reads
an ``Inwoner`` by id for display.
"""

from __future__ import annotations

from typing import Any

from toegang.accounts.roles import CASE_ROLES
from toegang.audit.operations import record
from toegang.errors import Refusal, Refused
from toegang.extensions import db
from toegang.inwoners.models import Inwoner
from toegang.security import require_roles


def get_inwoner(actor: Any, inwoner_id: int, purpose: str = "view_inwoner", *, audit: bool = True) -> Inwoner:
    require_roles(actor, CASE_ROLES, purpose, object_type="inwoner", object_id=inwoner_id)
    inwoner = db.session.get(Inwoner, inwoner_id)
    if inwoner is None or inwoner.gemeente_id not in actor.gemeente_ids:
        raise Refused(
            Refusal(purpose, "inwoner", inwoner_id, inwoner_id=inwoner.id if inwoner else None,
                    gemeente_id=inwoner.gemeente_id if inwoner else None, reason="buiten gemeente"),
            message="Deze inwoner bestaat niet of valt buiten uw gemeenten.", status=404,
        )
    if audit:
        record(purpose, object_type="inwoner", object_id=inwoner.id, inwoner_id=inwoner.id,
               gemeente_id=inwoner.gemeente_id)
    return inwoner
