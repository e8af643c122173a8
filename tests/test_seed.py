"""Demo data: every role gets a user; running it twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from toegang.accounts.models import User
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent
from toegang.audit.operations import verify_chain
from toegang.catalogus.models import ReferenceCode, Wijk
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.inwoners.models import Inwoner
from toegang.inwoners.operations import today


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m))
                 for m in (User, ReferenceCode, Wijk, Inwoner, Hulpvraag, AuditEvent))


def test_seed_demo_is_idempotent(app, tmp_path):
    runner = app.test_cli_runner()
    creds = tmp_path / "demo-logins.txt"
    first = runner.invoke(args=["seed-demo", "--credentials-file", str(creds)])
    assert first.exit_code == 0, first.output
    assert "consulent" in first.output and creds.exists()
    assert oct(creds.stat().st_mode & 0o777) == "0o600"
    with app.app_context():
        before = _counts()
        roles = set().union(*(u.roles for u in db.session.scalars(sa.select(User))))
        assert roles == set(Role)
        gemeenten_per_user = [len(u.gemeente_ids) for u in db.session.scalars(sa.select(User))]
        assert max(gemeenten_per_user) == 2
        # Residents and cases in every state, some overdue, in both gemeenten.
        statuses = set(db.session.scalars(sa.select(Hulpvraag.status)))
        assert statuses == set(HulpvraagStatus)
        overdue = db.session.scalar(sa.select(sa.func.count()).select_from(Hulpvraag)
                                    .where(Hulpvraag.termijn_datum < today()))
        assert overdue >= 3
        assert len(set(db.session.scalars(sa.select(Inwoner.gemeente_id)))) == 2
        assert all(bsn.startswith("9999") for bsn in db.session.scalars(sa.select(Inwoner.bsn)))
        assert verify_chain() is None
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "niets gewijzigd" in second.output
    with app.app_context():
        assert _counts() == before


def test_demo_user_can_log_in_with_printed_password(app, web, tmp_path):
    creds = tmp_path / "c.txt"
    app.test_cli_runner().invoke(args=["seed-demo", "--credentials-file", str(creds)])
    line = next(ln for ln in creds.read_text().splitlines() if ln.strip().startswith("teamleider "))
    _, password, *_ = line.split()
    assert web.login("teamleider", password).status_code == 302


def test_reference_data_loader_reports_and_is_idempotent(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-reference-data"])
    assert result.exit_code == 0 and "0 nieuw, 0 gewijzigd" in result.output  # fixtures loaded them
    with app.app_context():
        cats = {c.code for c in db.session.scalars(
            sa.select(ReferenceCode).where(ReferenceCode.list_name == "jeugd_productcategorie"))}
        assert {"43", "44", "35", "37", "38"} <= cats
        freq = {c.code for c in db.session.scalars(
            sa.select(ReferenceCode).where(ReferenceCode.list_name == "frequentie"))}
        assert freq == {"1", "2", "4", "6"}


def test_beheerder_sees_code_lists(as_role):
    html = as_role("beheer").get("/catalogus/codelijsten").get_data(as_text=True)
    assert "Hulp bij het huishouden" in html and "Jeugdhulp crisis" in html and "Huisarts" in html
