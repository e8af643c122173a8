"""The auditor's search page and the integrity check of the chain."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.models import User
from toegang.accounts.roles import Role
from toegang.audit import bp, queries
from toegang.audit.forms import AuditSearchForm
from toegang.audit.models import AuditResult
from toegang.audit.operations import record, verify_chain
from toegang.extensions import db
from toegang.forms import EmptyForm
from toegang.security import role_required


@bp.route("/")
@role_required(Role.AUDITOR)
def search() -> Any:
    form = AuditSearchForm(request.args)
    users = db.session.scalars(sa.select(User).order_by(User.full_name)).all()
    form.actor_id.choices = [("", "Alle gebruikers")] + [(u.id, f"{u.full_name} ({u.username})") for u in users]
    form.action.choices = [("", "Alle handelingen")] + [(a, a) for a in queries.known_actions(current_user)]
    page_no = request.args.get("pagina", 1, type=int)
    page = None
    if form.validate():
        flt = queries.AuditFilter(
            actor_id=form.actor_id.data, inwoner_id=form.inwoner_id.data, action=form.action.data or None,
            result=AuditResult(form.result.data) if form.result.data else None,
            date_from=form.date_from.data, date_to=form.date_to.data,
        )
        page = queries.search(current_user, flt, page=page_no)
        record("search_audit", details={k: str(v) for k, v in request.args.items() if v})
    args = {k: v for k, v in request.args.items() if k != "pagina"}
    return render_template("audit/search.html", form=form, page=page, args=args,
                           verify_form=EmptyForm())


@bp.route("/controle", methods=["POST"])
@role_required(Role.AUDITOR)
def verify() -> Any:
    if not EmptyForm().validate_on_submit():
        abort(400)
    problem = verify_chain()
    if problem is None:
        flash("De auditlog is intact: elke rij sluit aan op de vorige.", "success")
        record("verify_audit", details={"resultaat": "intact"})
    else:
        flash(f"De auditlog is NIET intact: {problem.message}.", "error")
        record("verify_audit", result=AuditResult.REFUSED, reason=problem.message)
    return redirect(url_for("audit.search"))
