"""Access control in one place: role checks, gemeente scope, and the deny-by-default gate.

Views call these, but so do operations: a rule that only hides a link is no rule. A failed check
raises :class:`Refused`, which the unit of work turns into an audited refusal and a Dutch 403/404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import request
from flask_login import current_user

from toegang.accounts.roles import Role
from toegang.errors import Refusal, Refused

F = TypeVar("F", bound=Callable[..., Any])

#: Endpoints reachable without login. Everything else requires an authenticated user.
PUBLIC_ENDPOINTS = frozenset({"accounts.login", "static", "main.health"})

#: Blueprints that authenticate every request themselves with an API token (never a session).
TOKEN_BLUEPRINTS = frozenset({"monitoring_api"})


def require_roles(user: Any, roles: Iterable[Role], action: str, **refusal: Any) -> None:
    """Raise Refused unless ``user`` is logged in and holds one of ``roles``."""
    roles = tuple(roles)
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_role(*roles):
        raise Refused(
            Refusal(action=action, reason="rol ontbreekt", details={"vereist": [r.value for r in roles]},
                    **refusal)
        )


def require_gemeente(user: Any, gemeente_id: int | None, action: str, **refusal: Any) -> None:
    """Raise Refused (as 404: do not reveal the object) unless the user works for this gemeente."""
    if gemeente_id is None or gemeente_id not in user.gemeente_ids:
        raise Refused(
            Refusal(action=action, gemeente_id=gemeente_id, reason="buiten gemeente", **refusal),
            message="Deze pagina bestaat niet of u heeft er geen toegang toe.",
            status=404,
        )


def role_required(*roles: Role) -> Callable[[F], F]:
    """View decorator: the endpoint is for these roles only (refusal is audited)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_roles(current_user, roles, action=f"view:{request.endpoint}")
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
