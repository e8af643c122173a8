"""Beschikking views: draft, preview (HTML and PDF marked CONCEPT), issue, download."""

from __future__ import annotations

import threading
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import CASE_ROLES, Role
from toegang.beschikkingen import bp
from toegang.beschikkingen import operations as ops
from toegang.beschikkingen.forms import ConceptForm, VastleggenForm
from toegang.beschikkingen.letter import letter_context, render_beschikking
from toegang.beschikkingen.models import BeschikkingSoort, BeschikkingStatus, IntrekkingsGrond
from toegang.extensions import db
from toegang.hulpvragen.access import get_hulpvraag
from toegang.indicaties.operations import indicaties_of
from toegang.inwoners.operations import today
from toegang.security import role_required
from toegang.web import run_operation


def _pdf(pdf: bytes, name: str) -> Response:
    resp = Response(pdf, mimetype="application/pdf")
    resp.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return resp


def _default_motivering(hv: Any) -> str:
    try:  # the afwegingskader's motivering, when that module is present
        from toegang.afweging.operations import motivering_for_hulpvraag  # type: ignore[import-not-found]
    except ImportError:
        return ""
    return motivering_for_hulpvraag(hv) or ""


@bp.route("/nieuw/<int:hulpvraag_id>", methods=["GET", "POST"])
@role_required(Role.CONSULENT)
def new(hulpvraag_id: int) -> Any:
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_beschikking")
    form = ConceptForm()
    indicaties = indicaties_of(hv)
    form.indicaties.choices = [(i.id, f"{i.naam} ({i.status.label.lower()})") for i in indicaties]
    form.corrigeert_id.choices = [("", "Geen (nieuw besluit)")] + [
        (b.id, f"{b.kenmerk} – {b.soort.label}") for b in ops.of_hulpvraag(hv) if b.kenmerk]
    if request.method == "GET":
        form.motivering.data = _default_motivering(hv)
        form.indicaties.data = [i.id for i in indicaties if i.status.value in ("concept", "goedgekeurd")]
    if form.validate_on_submit():
        c = ops.Concept(soort=BeschikkingSoort(form.soort.data), indicatie_ids=list(form.indicaties.data or []),
                        motivering=form.motivering.data or "",
                        intrekkingsgrond=IntrekkingsGrond(form.intrekkingsgrond.data) if form.intrekkingsgrond.data
                        else None, ingangsdatum_wijziging=form.ingangsdatum_wijziging.data,
                        corrigeert_id=form.corrigeert_id.data)
        ok, b = run_operation(form, ops.create_concept, current_user, hv, c)
        if ok and b is not None:
            flash("Het concept is opgeslagen. Bekijk het voorbeeld en leg de beschikking vast.", "success")
            return redirect(url_for("beschikkingen.detail", beschikking_id=b.id))
    return render_template("beschikkingen/form.html", form=form, hv=hv)


def _detail(b: Any, status: int = 200, form: VastleggenForm | None = None) -> Any:
    form = form or VastleggenForm(formdata=None, version=b.version, verzenddatum=today())
    return render_template("beschikkingen/detail.html", b=b, hv=b.hulpvraag, form=form,
                           problems=ops.blocking_problems(b) if b.status is BeschikkingStatus.CONCEPT else [],
                           S=BeschikkingStatus), status


@bp.route("/<int:beschikking_id>")
@role_required(*CASE_ROLES)
def detail(beschikking_id: int) -> Any:
    return _detail(ops.get_beschikking(current_user, beschikking_id))


@bp.route("/<int:beschikking_id>/voorbeeld")
@role_required(*CASE_ROLES)
def preview_html(beschikking_id: int) -> Any:
    b = ops.get_beschikking(current_user, beschikking_id, "preview_beschikking")
    from toegang.letters.render import LetterMeta

    meta = LetterMeta(title=f"Voorbeeld – {b.soort.label}", author="", subject="", created="", concept=True)
    ctx = letter_context(b, concept=True)
    return render_template("beschikkingen/preview.html", letter=meta, static_base="/static/", **ctx)


@bp.route("/<int:beschikking_id>/concept.pdf")
@role_required(*CASE_ROLES)
def preview_pdf(beschikking_id: int) -> Any:
    b = ops.get_beschikking(current_user, beschikking_id, "preview_beschikking")
    if b.status is BeschikkingStatus.VASTGELEGD:
        return redirect(url_for("beschikkingen.download", beschikking_id=b.id))
    return _pdf(render_beschikking(b, concept=True), "beschikking-concept.pdf")


@bp.route("/<int:beschikking_id>/vastleggen", methods=["POST"])
@role_required(Role.CONSULENT)
def issue(beschikking_id: int) -> Any:
    b = ops.get_beschikking(current_user, beschikking_id, "view_beschikking_for_issue")
    form = VastleggenForm()
    if form.validate_on_submit():
        try:
            version = int(form.version.data)
        except (TypeError, ValueError):
            version = None
        ok, _ = run_operation(form, ops.vastleggen, current_user, b, form.verzenddatum.data, version)
        if ok:
            flash(f"De beschikking is vastgelegd met kenmerk {b.kenmerk}. De PDF is bewaard.", "success")
            return redirect(url_for("beschikkingen.detail", beschikking_id=b.id))
    return _detail(b, 422, form)


@bp.route("/<int:beschikking_id>/beschikking.pdf")
@role_required(*CASE_ROLES)
def download(beschikking_id: int) -> Any:
    b = ops.get_beschikking(current_user, beschikking_id, "view_beschikking")
    return _pdf(ops.verified_pdf(current_user, b), f"beschikking-{b.kenmerk}.pdf")


# ----------------------------------------------------------------------------- batch

@bp.route("/batch", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def batch() -> Any:
    from toegang.beschikkingen.batch import ready_concepts, run_tracked
    from toegang.beschikkingen.forms import BatchForm
    from toegang.beschikkingen.models import BatchRun
    from toegang.db import utcnow

    ready = ready_concepts(current_user.gemeente_ids)
    form = BatchForm()
    if request.method == "GET":
        form.verzenddatum.data = today()
    if form.validate_on_submit():
        if form.verzenddatum.data < today():
            form.verzenddatum.errors = [*form.verzenddatum.errors, "De verzenddatum ligt in het verleden."]
        elif not ready:
            form.form_errors.append("Er zijn geen beschikkingen klaar om vast te leggen.")
        else:
            run = BatchRun(started_by_id=current_user.id, started_at=utcnow(), verzenddatum=form.verzenddatum.data,
                           total=len(ready), errors=[])
            db.session.add(run)
            db.session.flush()
            run_id, user_id, ids = run.id, current_user.id, [b.id for b in ready]
            db.session.commit()
            db.session.close()  # the batch writes on its own connections; hold no lock here
            app = current_app._get_current_object()
            if app.config.get("BATCH_IN_REQUEST"):
                run_tracked(app, run_id, user_id, ids)
            else:
                threading.Thread(target=run_tracked, args=(app, run_id, user_id, ids), daemon=True).start()
            return redirect(url_for("beschikkingen.batch_status", run_id=run_id))
    return render_template("beschikkingen/batch.html", ready=ready, form=form)


@bp.route("/batch/<int:run_id>")
@role_required(*CASE_ROLES)
def batch_status(run_id: int) -> Any:
    from toegang.beschikkingen.models import BatchRun

    # A run holds only counts, ids and reasons — no personal data; each letter is access-checked.
    run = db.get_or_404(BatchRun, run_id)
    return render_template("beschikkingen/batch_status.html", run=run)
