"""The functioneel beheerder's retention page and the privacy officer's inzage pages."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from toegang.accounts.operations import confirm_password
from toegang.accounts.roles import Role
from toegang.afweging.kader import ANTWOORDEN
from toegang.hulpvragen.operations import ONDERZOEK_SECTIES
from toegang.inwoners.operations import today
from toegang.privacy import bp, inzage, retention
from toegang.privacy.forms import InzageZoekForm, RetentieForm
from toegang.security import role_required
from toegang.web import run_check, run_operation


@bp.route("/beheer/bewaartermijn", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def bewaartermijn() -> Any:
    form = RetentieForm()
    peildatum = today()
    if form.validate_on_submit():
        verwacht = int(form.verwacht.data) if (form.verwacht.data or "").isdigit() else -1
        # Outside the run's savepoint, so that a wrong password stays on record.
        if run_check(form, confirm_password, current_user._get_current_object(), form.wachtwoord.data or "",
                     "apply_retention"):
            ok, result = run_operation(form, retention.apply, current_user, peildatum, verwacht)
            if ok and result is not None:
                flash(f"{len(result.inwoners)} inwoners geanonimiseerd, {result.documenten} documenten vernietigd.",
                      "success")
                return redirect(url_for("privacy.bewaartermijn"))
    form.wachtwoord.data = ""  # never sent back
    kandidaten = retention.candidates(current_user, peildatum)
    form.verwacht.data = str(len(kandidaten))
    return render_template("privacy/bewaartermijn.html", form=form, kandidaten=kandidaten, peildatum=peildatum,
                           termijnen=retention.termijnen(),
                           audit_jaren=current_app.config["BEWAARTERMIJN_AUDIT_JAREN"],
                           zonder_zaak_jaren=current_app.config["BEWAARTERMIJN_ZONDER_ZAAK_JAREN"]), \
        422 if form.errors else 200


@bp.route("/privacy/inzage", methods=["GET", "POST"])
@role_required(Role.AUDITOR)
def inzage_zoeken() -> Any:
    form = InzageZoekForm()
    if form.validate_on_submit():
        ok, inwoner_id = run_operation(form, inzage.find_by_bsn, current_user, form.bsn.data)
        if ok:
            return redirect(url_for("privacy.inzage_detail", inwoner_id=inwoner_id))
    return render_template("privacy/inzage_zoeken.html", form=form), 422 if form.errors else 200


def _context(result: inzage.Inzage, export: bool) -> dict[str, Any]:
    return {"inzage": result, "export": export, "grond": inzage.AFSCHERMING_GROND,
            "actie_label": inzage.actie_label, "secties": ONDERZOEK_SECTIES, "antwoorden": ANTWOORDEN}


@bp.route("/privacy/inzage/<int:inwoner_id>")
@role_required(Role.AUDITOR)
def inzage_detail(inwoner_id: int) -> Any:
    result = inzage.build(current_user, inwoner_id)
    return render_template("privacy/inzage.html", **_context(result, export=False))


@bp.route("/privacy/inzage/<int:inwoner_id>/inzage.pdf")
@role_required(Role.AUDITOR)
def inzage_pdf(inwoner_id: int) -> Any:
    result = inzage.build(current_user, inwoner_id, export=True)
    pdf = inzage.render_export(result, extra=_context(result, export=True))
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="inzage-{inwoner_id}.pdf"'
    return response
