"""Writing and verifying the audit log. Every domain writes its events through :func:`record`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import g, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from toegang.audit.chain import compute_hash
from toegang.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditResult
from toegang.db import utcnow
from toegang.extensions import db

#: Keys that must never reach the log, whatever a caller passes in ``details``.
FORBIDDEN_DETAIL_KEYS = {"password", "wachtwoord", "token", "secret", "bsn", "csrf_token"}


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | str | None = None,
    inwoner_id: int | None = None,
    gemeente_id: int | None = None,
    result: AuditResult = AuditResult.OK,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Add one event to the current transaction; it is written, in the chain, when that commits.

    Linking (``seq``, ``prev_hash``, ``hash``) needs the chain head's lock. Taking it here would hold
    that lock for the rest of the request — page rendering included — and so serialise every
    request that reads personal data. Linking at commit holds it only for the commit itself, and
    writing the event only then inserts each row once, complete (no INSERT now and UPDATE later).
    An event recorded inside a savepoint that rolls back is forgotten with it.
    """
    session = db.session()  # the scoped session's Session itself (for its savepoints)
    actor = actor if actor is not None else _current_actor()
    clean_details = {k: v for k, v in (details or {}).items() if k.lower() not in FORBIDDEN_DETAIL_KEYS}
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        inwoner_id=inwoner_id,
        gemeente_id=gemeente_id,
        result=result,
        origin=_origin(),
        reason=(reason or None) and reason[:500],
        details=clean_details,
    )
    # Remember the (innermost) transaction it belongs to, so a savepoint's rollback can forget it.
    session.info.setdefault(_PENDING, []).append((event, session.get_nested_transaction()))
    return event


#: session.info key: [(event, savepoint or None)] recorded in the open transaction, not yet written.
_PENDING = "audit_events_to_link"


@sa_event.listens_for(Session, "before_commit")
def _link_pending_events(session: Session) -> None:
    """Give this transaction's events their place in the chain, under the head's lock, and write them.

    Only at the outermost commit: SQLAlchemy also calls this hook when a savepoint is released, and
    linking then would take the chain head's lock halfway through the request (every form save runs
    in a savepoint) and hold it through the rendering of the page. A released savepoint's events stay
    pending; if an enclosing savepoint rolls back they go with it (``_forget_rolled_back_events``).
    """
    if session.in_nested_transaction():
        return
    pending = [event for event, _ in session.info.pop(_PENDING, [])]
    if not pending:
        return
    head = _lock_head(session)
    for event in pending:
        event.seq = head.last_seq + 1
        event.prev_hash = head.last_hash
        event.hash = compute_hash(event)
        head.last_seq, head.last_hash = event.seq, event.hash
    session.add_all(pending)
    session.flush()


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_events(session: Session, previous_transaction: Any) -> None:
    """A rolled-back savepoint takes the events recorded inside it along; a full rollback all."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [(e, sp) for e, sp in pending if not _inside(sp, previous_transaction)]


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_events_of_ended_transaction(session: Session, transaction: Any) -> None:
    """A closed session (or a transaction ended without commit) leaves nothing for the next one."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _inside(savepoint: Any, ancestor: Any) -> bool:
    while savepoint is not None:
        if savepoint is ancestor:
            return True
        savepoint = savepoint.parent
    return False


def _lock_head(session: Any) -> AuditChainHead:
    """Take the chain head under a row lock (creating it on first use).

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks; every writing transaction there
    already holds the database's write lock from its BEGIN IMMEDIATE (see :mod:`toegang.db`).
    """
    stmt = sa.select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
    head = session.scalars(stmt.execution_options(populate_existing=True)).first()
    if head is None:
        head = AuditChainHead(id=1, last_seq=0, last_hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    return head


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute audit events to ``user`` outside a request (CLI commands, demo seeding)."""
    previous = getattr(g, "audit_actor", None)
    g.audit_actor = user
    try:
        yield
    finally:
        g.audit_actor = previous


def _current_actor() -> Any:
    if has_app_context() and getattr(g, "audit_actor", None) is not None:
        return g.audit_actor
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _origin() -> str | None:
    if has_request_context():
        return (request.remote_addr or "")[:64] or None
    return "cli"


@dataclass
class ChainProblem:
    seq: int | None
    message: str


def verify_chain(batch_size: int = 5000) -> ChainProblem | None:
    """Recompute the whole chain; return the first problem found, or None when it is intact.

    After pruning the chain starts at the head's anchor, which a ``prune_audit`` event in the
    remaining chain must confirm.
    """
    head = db.session.get(AuditChainHead, 1)
    anchor_seq = head.anchor_seq if head is not None else 0
    expected_prev = head.anchor_hash if head is not None else GENESIS_HASH
    expected_seq = anchor_seq + 1
    anchor_confirmed = anchor_seq == 0
    for event in _iter_events(batch_size, after=anchor_seq):
        if event.seq != expected_seq:
            return ChainProblem(expected_seq, f"rij {expected_seq} ontbreekt (volgende is {event.seq})")
        if event.prev_hash != expected_prev:
            return ChainProblem(event.seq, f"rij {event.seq} sluit niet aan op de vorige rij")
        if compute_hash(event) != event.hash:
            return ChainProblem(event.seq, f"rij {event.seq} is gewijzigd (hash klopt niet)")
        if (event.action == "prune_audit" and event.details.get("tot_en_met_seq") == anchor_seq
                and event.details.get("anker_hash") == (head.anchor_hash if head else None)):
            anchor_confirmed = True
        expected_prev = event.hash
        expected_seq += 1
    if not anchor_confirmed:
        return ChainProblem(anchor_seq + 1, f"het begin van de keten (na rij {anchor_seq}) is niet vastgelegd "
                                            "door een opschoning")
    head = db.session.get(AuditChainHead, 1)
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or head.last_hash != expected_prev):
        return ChainProblem(last_seq + 1, f"rijen na {last_seq} ontbreken (kop staat op {head.last_seq})")
    return None


def _iter_events(batch_size: int, after: int = 0) -> Iterator[AuditEvent]:
    last = after
    while True:
        rows = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch_size)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        db.session.expunge_all()


@dataclass
class Opschoning:
    tot_en_met_seq: int
    aantal: int
    grens: datetime


def prune(actor: Any, peildatum: date, *, dry_run: bool = False) -> Opschoning:
    """Delete the events older than the audit log's bewaartermijn, keeping the chain verifiable.

    Only a contiguous prefix goes (events up to the first one inside the term). The head's anchor
    moves to the last deleted event, and a ``prune_audit`` event records the anchor in the chain.
    """
    from flask import current_app

    from toegang.accounts.roles import Role
    from toegang.security import require_roles

    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "prune_audit")
    years = current_app.config["BEWAARTERMIJN_AUDIT_JAREN"]
    try:
        cutoff_day = peildatum.replace(year=peildatum.year - years)
    except ValueError:
        cutoff_day = peildatum.replace(year=peildatum.year - years, day=28)
    grens = datetime.combine(cutoff_day, time.min, tzinfo=UTC)
    head = _lock_head(db.session)
    first_kept = db.session.scalar(sa.select(sa.func.min(AuditEvent.seq)).where(AuditEvent.occurred_at >= grens))
    through = (first_kept - 1) if first_kept is not None else head.last_seq
    through = max(through, head.anchor_seq)
    aantal = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.seq <= through)) or 0
    result = Opschoning(tot_en_met_seq=through, aantal=aantal, grens=grens)
    if dry_run or aantal == 0:
        return result
    anchor_hash = db.session.scalar(sa.select(AuditEvent.hash).where(AuditEvent.seq == through))
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq <= through))
    db.session.execute(sa.update(AuditChainHead).where(AuditChainHead.id == 1)
                       .values(anchor_seq=through, anchor_hash=anchor_hash))
    db.session.expire_all()
    record("prune_audit", actor=actor, details={"tot_en_met_seq": through, "anker_hash": anchor_hash,
                                                "aantal": aantal, "grens": grens.date().isoformat(),
                                                "jaren": years})
    return result
