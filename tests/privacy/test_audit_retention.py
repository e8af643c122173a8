"""The audit log's own bewaartermijn: old events go, the chain stays verifiable from its anchor,
and moving the anchor by hand is noticed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.intake_helpers import user
from toegang.accounts.roles import Role
from toegang.audit import operations as audit_ops
from toegang.audit.models import AuditChainHead, AuditEvent
from toegang.extensions import db
from toegang.inwoners.operations import today


def _events(app, monkeypatch, when: datetime, n: int) -> None:
    monkeypatch.setattr(audit_ops, "utcnow", lambda: when)
    with app.app_context():
        for i in range(n):
            audit_ops.record("test_oud", details={"i": i})
        db.session.commit()
    monkeypatch.undo()


def test_prune_keeps_the_chain_verifiable(app, make_user, monkeypatch):
    first = 0
    _events(app, monkeypatch, datetime.now(UTC) - timedelta(days=365 * 21), 5)
    _events(app, monkeypatch, datetime.now(UTC) - timedelta(days=365 * 5), 3)
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)  # its create_user event is recent
    with app.app_context():
        dry = audit_ops.prune(user("beheer"), today(), dry_run=True)
        db.session.rollback()
        assert dry.aantal == first + 5 and db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) \
            == first + 9
        result = audit_ops.prune(user("beheer"), today())
        db.session.commit()
        assert result.tot_en_met_seq == first + 5
        remaining = list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))
        assert [e.action for e in remaining] == ["test_oud"] * 3 + ["create_user", "prune_audit"]
        assert audit_ops.verify_chain() is None
        # Pruning again changes nothing and stays intact.
        assert audit_ops.prune(user("beheer"), today()).aantal == 0
        db.session.commit()
        assert audit_ops.verify_chain() is None


def test_moving_the_anchor_by_hand_is_noticed(app, make_user, monkeypatch):
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    _events(app, monkeypatch, datetime.now(UTC) - timedelta(days=365 * 5), 4)
    with app.app_context():
        first_two = list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq).limit(2)))
        # Someone deletes the oldest rows and moves the anchor to hide it: no prune event says so.
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq <= first_two[1].seq))
        db.session.execute(sa.update(AuditChainHead).values(anchor_seq=first_two[1].seq,
                                                            anchor_hash=first_two[1].hash))
        db.session.commit()
        problem = audit_ops.verify_chain()
        assert problem is not None and "opschoning" in problem.message


def test_cli_prune_audit(app, make_user):
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    make_user("consulent", Role.CONSULENT)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["prune-audit", "--gebruiker", "beheer", "--dry-run"])
    assert result.exit_code == 0 and "0 auditgebeurtenissen" in result.output and "zouden vervallen" in result.output
    assert runner.invoke(args=["prune-audit", "--gebruiker", "consulent"]).exit_code != 0
