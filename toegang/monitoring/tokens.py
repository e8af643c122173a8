"""API tokens for the monitoring API: issued by the functioneel beheerder, shown once, stored as
SHA-256, scoped to one gemeente and to monitoring, revocable; every use and every refusal is
audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import Role
from toegang.audit.models import AuditResult
from toegang.audit.operations import record
from toegang.db import utcnow
from toegang.errors import DomainError, Refusal, Refused
from toegang.extensions import db
from toegang.monitoring.models import ApiToken
from toegang.security import require_gemeente, require_roles

PREFIX = "tgm_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(actor: Any, naam: str, gemeente_id: int) -> tuple[ApiToken, str]:
    """A new token; returns the row and the token itself, which is never shown again."""
    require_roles(actor, [Role.FUNCTIONEEL_BEHEERDER], "issue_api_token")
    require_gemeente(actor, gemeente_id, "issue_api_token")
    naam = (naam or "").strip()
    if not naam:
        raise DomainError("Geef het token een naam, bijvoorbeeld het BI-systeem dat het gebruikt.", "naam")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(naam=naam[:120], gemeente_id=gemeente_id, scope="monitoring", prefix=token[:12],
                   token_hash=_hash(token), created_at=utcnow(), created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record("issue_api_token", object_type="api_token", object_id=row.id, gemeente_id=gemeente_id,
           details={"naam": row.naam, "prefix": row.prefix, "scope": row.scope})
    return row, token


def revoke(actor: Any, token_id: int) -> ApiToken:
    require_roles(actor, [Role.FUNCTIONEEL_BEHEERDER], "revoke_api_token")
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise Refused(Refusal(action="revoke_api_token", object_type="api_token", object_id=token_id,
                              reason="onbekend"), message="Dit token bestaat niet.", status=404)
    require_gemeente(actor, row.gemeente_id, "revoke_api_token", object_type="api_token", object_id=row.id)
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by_id = utcnow(), actor.id
        record("revoke_api_token", object_type="api_token", object_id=row.id, gemeente_id=row.gemeente_id,
               details={"prefix": row.prefix})
    return row


def tokens_for(actor: Any) -> list[ApiToken]:
    require_roles(actor, [Role.FUNCTIONEEL_BEHEERDER], "list_api_tokens")
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.gemeente_id.in_(actor.gemeente_ids))
                                   .order_by(ApiToken.created_at.desc())))


def authenticate(header: str | None, action: str) -> ApiToken | None:
    """The active token named by an ``Authorization: Bearer …`` header, audited either way.

    Returns None (after recording the refusal) for a missing, malformed, unknown or revoked token.
    """
    anonymous = SimpleNamespace(id=None, username="api")
    if not header or not header.startswith("Bearer "):
        record(action, object_type="api_token", result=AuditResult.REFUSED, reason="geen token", actor=anonymous)
        return None
    token = header[len("Bearer "):].strip()
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if row is None or not hmac.compare_digest(row.token_hash, _hash(token)):
        record(action, object_type="api_token", result=AuditResult.REFUSED, reason="onbekend token",
               actor=anonymous)
        return None
    actor = SimpleNamespace(id=None, username=f"api-token {row.prefix}")
    if row.revoked_at is not None:
        record(action, object_type="api_token", object_id=row.id, gemeente_id=row.gemeente_id,
               result=AuditResult.REFUSED, reason="ingetrokken token", actor=actor)
        return None
    row.last_used_at = utcnow()
    return row


def audit_use(row: ApiToken, action: str, details: dict[str, Any]) -> None:
    record(action, object_type="api_token", object_id=row.id, gemeente_id=row.gemeente_id, details=details,
           actor=SimpleNamespace(id=None, username=f"api-token {row.prefix}"))
