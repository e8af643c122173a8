"""Loading a hulpvraag for a user: role, gemeente scope, and an audit event naming the inwoner."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload

from toegang.accounts.models import User
from toegang.accounts.roles import CASE_ROLES
from toegang.audit.operations import record
from toegang.errors import Refusal, Refused
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag
from toegang.inwoners.models import Inwoner
from toegang.security import require_roles

#: Everything a case view reads about the hulpvraag itself, in one statement: its life domains,
#: opschortingen and verdagingen (the legal terms need them) and the onderzoek joined (each a
#: handful of rows at most). The consulent is shown by name only: her roles and gemeenten stay
#: unloaded.
_CASE_LOAD = (joinedload(Hulpvraag.consulent).lazyload(User.role_rows),
              joinedload(Hulpvraag.consulent).lazyload(User.gemeenten),
              joinedload(Hulpvraag.levensdomein_rows), joinedload(Hulpvraag.opschortingen),
              joinedload(Hulpvraag.verdagingen), joinedload(Hulpvraag.onderzoek),
              # The inwoner's gemeente is one of the user's own, already in the session.
              joinedload(Hulpvraag.inwoner).lazyload(Inwoner.gemeente))


def get_hulpvraag(actor: Any, hulpvraag_id: int, purpose: str = "view_hulpvraag", *, audit: bool = True,
                  for_update: bool = False) -> Hulpvraag:
    require_roles(actor, CASE_ROLES, purpose, object_type="hulpvraag", object_id=hulpvraag_id)
    # Lock only the hulpvraag row (its eager-loaded relations are joined in the same SELECT).
    lock = {"of": Hulpvraag.__table__} if for_update else None
    hv = db.session.get(Hulpvraag, hulpvraag_id, with_for_update=lock, options=_CASE_LOAD)
    if hv is None or hv.gemeente_id not in actor.gemeente_ids:
        raise Refused(
            Refusal(purpose, "hulpvraag", hulpvraag_id, inwoner_id=hv.inwoner_id if hv else None,
                    gemeente_id=hv.gemeente_id if hv else None, reason="buiten gemeente"),
            message="Deze hulpvraag bestaat niet of valt buiten uw gemeenten.", status=404,
        )
    if audit:
        record(purpose, object_type="hulpvraag", object_id=hv.id, inwoner_id=hv.inwoner_id,
               gemeente_id=hv.gemeente_id)
    return hv
