"""Login, sessions and user administration. Operations flush; the caller commits."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from toegang.accounts.models import User, UserRole, UserSession
from toegang.accounts.passwords import hash_password, needs_rehash, verify_password
from toegang.accounts.roles import Role
from toegang.audit.models import AuditResult
from toegang.audit.operations import record
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.security import require_roles

# --------------------------------------------------------------------------- authentication


class LoginOutcome(Enum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"
    INACTIVE = "inactive"


@dataclass
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    locked_until: datetime | None = None


def find_user_by_username(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == username.strip().lower()))


def authenticate(username: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check credentials, count failures, lock after too many, and audit every attempt."""
    now = now or utcnow()
    max_failures: int = current_app.config["LOGIN_MAX_FAILURES"]
    lock_for = timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    user = find_user_by_username(username)
    if user is not None:
        # Serialise concurrent attempts on one account so the failure count is exact.
        db.session.refresh(user, with_for_update=True)

    if user is not None and user.locked_until is not None and user.locked_until > now:
        verify_password(None, password)  # same work as a real attempt
        record("login", object_type="user", object_id=user.id, result=AuditResult.REFUSED,
               reason="account geblokkeerd", actor=user)
        return LoginResult(LoginOutcome.LOCKED, locked_until=user.locked_until)

    if user is None or not verify_password(user.password_hash, password):
        if user is None:
            record("login", result=AuditResult.REFUSED, reason="onbekende gebruikersnaam",
                   details={"gebruikersnaam": username[:64]})
            return LoginResult(LoginOutcome.INVALID)
        if user.locked_until is not None and user.locked_until <= now:
            user.failed_logins = 0  # the previous lock has run out: start counting again
            user.locked_until = None
        user.failed_logins += 1
        record("login", object_type="user", object_id=user.id, result=AuditResult.REFUSED,
               reason="onjuist wachtwoord", details={"pogingen": user.failed_logins}, actor=user)
        if user.failed_logins >= max_failures:
            user.locked_until = now + lock_for
            record("account_locked", object_type="user", object_id=user.id, result=AuditResult.REFUSED,
                   reason=f"{user.failed_logins} mislukte pogingen", actor=user,
                   details={"tot": user.locked_until.isoformat()})
            db.session.flush()
            return LoginResult(LoginOutcome.LOCKED, locked_until=user.locked_until)
        db.session.flush()
        return LoginResult(LoginOutcome.INVALID)

    if not user.active:
        record("login", object_type="user", object_id=user.id, result=AuditResult.REFUSED,
               reason="account gedeactiveerd", actor=user)
        return LoginResult(LoginOutcome.INACTIVE)

    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record("login", object_type="user", object_id=user.id, actor=user)
    db.session.flush()
    return LoginResult(LoginOutcome.OK, user=user)


# --------------------------------------------------------------------------- sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, now: datetime | None = None) -> str:
    """Create a server-side session; return the token for the (freshly cleared) cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_token_hash(token), created_at=now,
                               last_seen_at=now))
    db.session.flush()
    return token


_SESSION_LOAD = (joinedload(UserSession.user).joinedload(User.role_rows),
                 joinedload(UserSession.user).joinedload(User.gemeenten))


def load_session(token: str | None, now: datetime | None = None) -> User | None:
    """The user of a live session, or None. Expires idle sessions and touches live ones."""
    if not token:
        return None
    now = now or utcnow()
    # One statement on every request: the session, its user, her roles and gemeenten joined.
    sess = db.session.scalars(sa.select(UserSession).where(UserSession.token_hash == _token_hash(token))
                              .options(*_SESSION_LOAD)).unique().first()
    if sess is None or sess.ended_at is not None:
        return None
    idle: timedelta = current_app.config["IDLE_TIMEOUT"]
    if now - sess.last_seen_at > idle:
        sess.ended_at = now
        sess.end_reason = "idle"
        record("session_expired", object_type="user", object_id=sess.user_id, actor=sess.user,
               details={"inactief_minuten": int(idle.total_seconds() // 60)})
        return None
    lifetime: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if now - sess.created_at > lifetime:
        # ASVS 3.3.2: log in again at least every 12 hours, however active the session.
        sess.ended_at = now
        sess.end_reason = "absolute"
        record("session_expired", object_type="user", object_id=sess.user_id, actor=sess.user,
               details={"maximale_duur_uren": int(lifetime.total_seconds() // 3600)})
        return None
    if not sess.user.active:
        sess.ended_at = now
        sess.end_reason = "deactivated"
        return None
    # Touch at most once a minute: the idle clock needs no finer grain, and it saves writes.
    if now - sess.last_seen_at > timedelta(seconds=60):
        sess.last_seen_at = now
    return sess.user


def end_session(token: str | None, user: User | None, reason: str = "logout") -> None:
    if token:
        sess = db.session.scalar(sa.select(UserSession).where(UserSession.token_hash == _token_hash(token)))
        if sess is not None and sess.ended_at is None:
            sess.ended_at = utcnow()
            sess.end_reason = reason
    if user is not None:
        record("logout", object_type="user", object_id=user.id, actor=user)
    db.session.flush()


def _end_all_sessions(user: User, reason: str, keep_token: str | None = None) -> None:
    """End the user's live sessions (all but the one of ``keep_token``, when given)."""
    stmt = sa.update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != _token_hash(keep_token))
    db.session.execute(stmt.values(ended_at=utcnow(), end_reason=reason))


def confirm_password(user: User, password: str, purpose: str) -> None:
    """Re-authentication before an irreversible operation (ASVS 3.7.1): a session left open on a
    shared desk is not enough to anonymise residents. A wrong password is on record."""
    if not verify_password(user.password_hash, password or ""):
        record(purpose, object_type="user", object_id=user.id, result=AuditResult.REFUSED,
               reason="wachtwoord ter bevestiging onjuist", actor=user)
        raise DomainError("Het wachtwoord klopt niet.", "wachtwoord")


def change_own_password(user: User, current_password: str, new_password: str, session_token: str | None) -> None:
    """The user changes her own password: she proves the current one first (a session left open on
    a shared desk must not be enough), the new one meets the policy and differs, and every other
    session of hers ends (ASVS 3.3.3) while this one goes on."""
    if not verify_password(user.password_hash, current_password or ""):
        record("change_password", object_type="user", object_id=user.id, result=AuditResult.REFUSED,
               reason="huidig wachtwoord onjuist", actor=user)
        raise DomainError("Het huidige wachtwoord klopt niet.", "huidig")
    if verify_password(user.password_hash, new_password or ""):
        raise DomainError("Kies een ander wachtwoord dan het huidige.", "password")
    user.password_hash = hash_password(new_password)
    _end_all_sessions(user, "password_changed", keep_token=session_token)
    db.session.flush()
    record("change_password", object_type="user", object_id=user.id, actor=user)


# --------------------------------------------------------------------------- administration

ADMIN = (Role.FUNCTIONEEL_BEHEERDER,)


def list_users(actor: User) -> list[User]:
    """Users that share at least one gemeente with the beheerder (or have none yet)."""
    require_roles(actor, ADMIN, "list_users")
    users = db.session.scalars(sa.select(User).order_by(User.full_name)).all()
    return [u for u in users if not u.gemeente_ids or u.gemeente_ids & actor.gemeente_ids]


def get_user_for_admin(actor: User, user_id: int) -> User:
    from toegang.errors import Refusal, Refused

    require_roles(actor, ADMIN, "view_user", object_type="user", object_id=user_id)
    user = db.session.get(User, user_id)
    if user is None or (user.gemeente_ids and not user.gemeente_ids & actor.gemeente_ids):
        raise Refused(Refusal("view_user", "user", user_id, reason="buiten gemeente"),
                      message="Deze gebruiker bestaat niet of valt buiten uw gemeenten.", status=404)
    return user


def _resolve_gemeenten(actor: User, gemeente_ids: list[int]) -> list[Gemeente]:
    if not gemeente_ids:
        raise DomainError("Kies minstens één gemeente.", "gemeenten")
    outside = set(gemeente_ids) - set(actor.gemeente_ids)
    if outside:
        raise DomainError("U kunt alleen gemeenten toekennen waarvoor u zelf werkt.", "gemeenten")
    return list(db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(gemeente_ids))).all())


def _validate_roles(roles: list[Role]) -> list[Role]:
    if not roles:
        raise DomainError("Kies minstens één rol.", "roles")
    return sorted(set(roles), key=lambda r: r.value)


def create_user(actor: Any, *, username: str, full_name: str, email: str, password: str,
                roles: list[Role], gemeente_ids: list[int], via_cli: bool = False) -> User:
    """Create a user. From the CLI (``via_cli``) no beheerder is needed: it bootstraps the first."""
    if not via_cli:
        require_roles(actor, ADMIN, "create_user")
    username = username.strip()
    if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise DomainError("Gebruik voor de gebruikersnaam alleen letters, cijfers, punt, streep of liggend streepje.",
                          "username")
    if find_user_by_username(username) is not None:
        raise DomainError("Deze gebruikersnaam bestaat al.", "username")
    if not full_name.strip():
        raise DomainError("Vul de naam in.", "full_name")
    gemeenten = (
        list(db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(gemeente_ids))).all())
        if via_cli else _resolve_gemeenten(actor, gemeente_ids)
    )
    if via_cli and len(gemeenten) != len(set(gemeente_ids)):
        raise DomainError("Onbekende gemeente.", "gemeenten")
    user = User(username=username, full_name=full_name.strip(), email=email.strip(),
                password_hash=hash_password(password), active=True, failed_logins=0)
    user.role_rows = [UserRole(role=r) for r in _validate_roles(roles)]
    user.gemeenten = gemeenten
    db.session.add(user)
    db.session.flush()
    record("create_user", object_type="user", object_id=user.id, actor=actor,
           details={"gebruikersnaam": user.username, "rollen": [r.value for r in user.roles],
                    "gemeenten": sorted(user.gemeente_ids)})
    return user


def update_user(actor: User, user: User, *, full_name: str, email: str, roles: list[Role],
                gemeente_ids: list[int]) -> None:
    require_roles(actor, ADMIN, "update_user", object_type="user", object_id=user.id)
    if not full_name.strip():
        raise DomainError("Vul de naam in.", "full_name")
    new_roles = _validate_roles(roles)
    # Gemeenten outside the beheerder's own scope stay as they were; only their own can change.
    kept = [g for g in user.gemeenten if g.id not in actor.gemeente_ids]
    own = _resolve_gemeenten(actor, gemeente_ids) if gemeente_ids or not kept else []
    if user.id == actor.id and Role.FUNCTIONEEL_BEHEERDER not in new_roles:
        raise DomainError("U kunt uw eigen beheerdersrol niet intrekken.", "roles")
    before = {"rollen": sorted(r.value for r in user.roles), "gemeenten": sorted(user.gemeente_ids)}
    user.full_name = full_name.strip()
    user.email = email.strip()
    current = {r.role for r in user.role_rows}
    user.role_rows = [r for r in user.role_rows if r.role in new_roles] + [
        UserRole(role=r) for r in new_roles if r not in current
    ]
    user.gemeenten = kept + own
    db.session.flush()
    after = {"rollen": sorted(r.value for r in user.roles), "gemeenten": sorted(user.gemeente_ids)}
    record("update_user", object_type="user", object_id=user.id, details={"voor": before, "na": after})


def reset_password(actor: User, user: User, new_password: str) -> None:
    require_roles(actor, ADMIN, "reset_password", object_type="user", object_id=user.id)
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    _end_all_sessions(user, "password_reset")
    db.session.flush()
    record("reset_password", object_type="user", object_id=user.id)


def set_active(actor: User, user: User, active: bool) -> None:
    require_roles(actor, ADMIN, "deactivate_user" if not active else "activate_user",
                  object_type="user", object_id=user.id)
    if user.id == actor.id and not active:
        raise DomainError("U kunt uw eigen account niet deactiveren.")
    user.active = active
    if not active:
        _end_all_sessions(user, "deactivated")
    db.session.flush()
    record("deactivate_user" if not active else "activate_user", object_type="user", object_id=user.id)
