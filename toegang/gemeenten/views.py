from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import Role
from toegang.gemeenten import bp
from toegang.gemeenten import operations as ops
from toegang.gemeenten.forms import GemeenteForm
from toegang.security import role_required
from toegang.web import run_operation


@bp.route("/")
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def index() -> Any:
    return render_template("gemeenten/index.html", gemeenten=ops.list_gemeenten(current_user))


@bp.route("/<int:gemeente_id>", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def edit(gemeente_id: int) -> Any:
    gemeente = ops.get_gemeente(current_user, gemeente_id)
    form = GemeenteForm(obj=None if request.method == "POST" else gemeente)
    if form.validate_on_submit():
        values = {name: (getattr(form, name).data or "") for name in ops.EDITABLE_FIELDS}
        ok, _ = run_operation(form, ops.update_gemeente, current_user, gemeente, values)
        if ok:
            flash("De gegevens van de gemeente zijn opgeslagen.", "success")
            return redirect(url_for("gemeenten.edit", gemeente_id=gemeente.id))
    return render_template("gemeenten/edit.html", form=form, gemeente=gemeente)
