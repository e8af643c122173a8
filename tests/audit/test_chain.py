"""The audit log's hash chain: intact logs verify; edits, deletions and re-orderings are found."""

from __future__ import annotations

import sqlalchemy as sa

from toegang.audit.models import AuditChainHead, AuditEvent, AuditResult
from toegang.audit.operations import _PENDING, record, verify_chain
from toegang.db import utcnow
from toegang.extensions import db


def _write_events(n: int = 5) -> None:
    for i in range(n):
        record("test_event", object_type="thing", object_id=i, inwoner_id=100 + i, details={"i": i})
    db.session.commit()


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_clean_log_verifies(app, app_ctx):
    _write_events()
    assert verify_chain() is None
    result = _cli(app, "verify-audit")
    assert result.exit_code == 0 and "intact" in result.output


def test_empty_log_verifies(app, app_ctx):
    assert verify_chain() is None


def test_sequence_and_chain_links(app, app_ctx):
    _write_events(3)
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    head = db.session.get(AuditChainHead, 1)
    assert head.last_seq == 3 and head.last_hash == events[2].hash


def test_edited_row_is_detected(app, app_ctx):
    _write_events()
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 3).values(actor_name="iemand-anders"))
    db.session.commit()
    problem = verify_chain()
    assert problem is not None and problem.seq == 3 and "gewijzigd" in problem.message
    result = _cli(app, "verify-audit")
    assert result.exit_code == 1 and "rij 3" in result.output


def test_edited_details_are_detected(app, app_ctx):
    _write_events()
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(details={"i": 99}))
    db.session.commit()
    assert verify_chain().seq == 2


def test_deleted_row_is_detected(app, app_ctx):
    _write_events()
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 2))
    db.session.commit()
    problem = verify_chain()
    assert problem is not None and problem.seq == 2 and "ontbreekt" in problem.message
    assert _cli(app, "verify-audit").exit_code == 1


def test_deleted_last_rows_are_detected(app, app_ctx):
    _write_events()
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq >= 4))
    db.session.commit()
    problem = verify_chain()
    assert problem is not None and "ontbreken" in problem.message


def test_reordered_rows_are_detected(app, app_ctx):
    """Swap the content of two rows (keeping each row's own hash): the chain breaks."""
    _write_events()
    a, b = (db.session.scalars(sa.select(AuditEvent).where(AuditEvent.seq == s)).one() for s in (2, 3))
    a_seq, b_seq = a.seq, b.seq
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == a.id).values(seq=-1))
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == b.id).values(seq=a_seq))
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == a.id).values(seq=b_seq))
    db.session.commit()
    problem = verify_chain()
    assert problem is not None and problem.seq == 2


def test_secrets_never_reach_the_log(app, app_ctx):
    event = record("x", details={"password": "geheim", "token": "t", "bsn": "999990019", "ok": 1})
    assert event.details == {"ok": 1}


def test_refused_event_kept_after_rollback_of_the_change(app, as_role):
    """A refused request rolls back its changes but the refusal itself is committed."""
    b = as_role("auditor")
    assert b.get("/beheer/gemeenten/").status_code == 403
    with app.app_context():
        refused = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.result == AuditResult.REFUSED)).all()
        assert len(refused) == 1
        assert verify_chain() is None


def test_auditor_search_filters(app, as_role, make_user):
    from toegang.accounts.roles import Role

    b = as_role("auditor")
    make_user("sanne", Role.CONSULENT)
    with app.app_context():
        record("view_inwoner", object_type="inwoner", object_id=7, inwoner_id=7, gemeente_id=None)
        record("view_inwoner", object_type="inwoner", object_id=8, inwoner_id=8, gemeente_id=None)
        db.session.commit()
    html = b.get("/audit/?inwoner_id=7").get_data(as_text=True)
    assert "inwoner 7" in html and "inwoner 8" not in html
    html = b.get("/audit/?action=login&result=ok").get_data(as_text=True)
    assert "login" in html and "view_inwoner" not in html.split("<tbody>")[1]
    resp = b.get("/audit/?inwoner_id=abc")
    assert resp.status_code == 200 and "Er is een probleem" in resp.get_data(as_text=True)


def test_auditor_search_hides_other_gemeenten(app, as_role, gemeenten):
    b = as_role("auditor")  # works for 9991 only
    with app.app_context():
        record("view_inwoner", object_type="inwoner", object_id=1, inwoner_id=1, gemeente_id=gemeenten["9991"])
        record("view_inwoner", object_type="inwoner", object_id=2, inwoner_id=2, gemeente_id=gemeenten["9992"])
        db.session.commit()
    html = b.get("/audit/?action=view_inwoner").get_data(as_text=True)
    assert "inwoner 1" in html and "inwoner 2" not in html


def test_verify_button_reports_integrity(app, as_role):
    b = as_role("auditor")
    resp = b.post("/audit/controle", token_from="/audit/", follow_redirects=True)
    assert "De auditlog is intact" in resp.get_data(as_text=True)
    with app.app_context():
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 1).values(reason="vervalst"))
        db.session.commit()
    resp = b.post("/audit/controle", token_from="/audit/", follow_redirects=True)
    assert "NIET intact" in resp.get_data(as_text=True)


def test_events_join_the_chain_at_commit_and_rolled_back_ones_never(app, app_ctx):
    kept = record("kept")
    assert kept.seq is None  # not linked yet: no chain lock is held while the request goes on
    savepoint = db.session.begin_nested()
    record("undone")
    savepoint.rollback()
    record("after_savepoint")
    db.session.commit()
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions == ["kept", "after_savepoint"]
    assert verify_chain() is None
    record("rolled_back")
    db.session.rollback()
    record("later")
    db.session.commit()
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))][-1] == "later"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 3
    assert verify_chain() is None


def test_released_savepoint_keeps_its_events_and_each_event_is_written_once(app, app_ctx):
    """An event is inserted once, complete, at commit: never an INSERT now and an UPDATE later."""
    statements: list[str] = []

    def collect(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", collect)
    try:
        record("before")
        with db.session.begin_nested():
            record("inside")
        outer = db.session.begin_nested()
        with db.session.begin_nested():
            record("released, then its enclosing savepoint rolls back")
        record("undone")
        outer.rollback()
        assert not [s for s in statements if "audit_chain_head" in s]  # no lock before the commit
        db.session.commit()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", collect)
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions == ["before", "inside"]
    assert not [s for s in statements if s.startswith("UPDATE audit_event")]
    assert verify_chain() is None


def test_a_long_transaction_does_not_block_other_writers(app, app_ctx):
    """One request records an event and keeps working; another commits its own event meanwhile.

    On PostgreSQL the second writer must not wait for the first (the chain lock is only taken at
    commit). SQLite serialises writers by design (BEGIN IMMEDIATE), so there it only checks the chain.
    """
    if db.engine.dialect.name != "postgresql":
        _write_events(2)
        assert verify_chain() is None
        return
    from sqlalchemy.orm import Session

    def event(action: str) -> AuditEvent:
        return AuditEvent(occurred_at=utcnow(), action=action, result=AuditResult.OK, details={})

    with Session(db.engine) as first, Session(db.engine) as second:
        first.info[_PENDING] = [(event("first"), None)]
        first.execute(sa.text("UPDATE gemeente SET naam = naam"))  # mid-way: its transaction has written
        second.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        second.info[_PENDING] = [(event("second"), None)]
        second.commit()  # would time out if the first held the chain head
        first.commit()
    order = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
    assert order == ["second", "first"]
    assert verify_chain() is None
