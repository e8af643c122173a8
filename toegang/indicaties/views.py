"""Indicatie views: propose, change, submit, review (four eyes), spoed, and the impact policy."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from toegang.accounts.models import User
from toegang.accounts.roles import CASE_ROLES, Role
from toegang.audit.operations import record
from toegang.catalogus.models import Aanbieder, Product
from toegang.errors import Refusal, Refused
from toegang.extensions import db
from toegang.hulpvragen.access import get_hulpvraag
from toegang.hulpvragen.models import Hulpvraag
from toegang.indicaties import bp, policy
from toegang.indicaties import operations as ops
from toegang.indicaties.forms import (
    ImpactBeleidForm,
    IndicatieForm,
    NacontroleForm,
    TerugsturenForm,
    VersionForm,
)
from toegang.indicaties.models import ImpactBeleid, Indicatie, Leveringsvorm
from toegang.inwoners.operations import today
from toegang.security import role_required
from toegang.validation import parse_euro
from toegang.web import run_operation

#: The indicatie's case in the same statement, with what the legal terms need; the case's
#: consulent is shown by name only.
_DETAIL_LOAD = (
    joinedload(Indicatie.hulpvraag).joinedload(Hulpvraag.consulent).lazyload(User.role_rows),
    joinedload(Indicatie.hulpvraag).joinedload(Hulpvraag.consulent).lazyload(User.gemeenten),
    joinedload(Indicatie.hulpvraag).joinedload(Hulpvraag.levensdomein_rows),
    joinedload(Indicatie.hulpvraag).joinedload(Hulpvraag.opschortingen),
    joinedload(Indicatie.hulpvraag).joinedload(Hulpvraag.verdagingen),
)


def get_indicatie(actor: Any, indicatie_id: int, purpose: str = "view_indicatie") -> Indicatie:
    """Load for a case worker of the indicatie's gemeente; the read is audited with the inwoner."""
    ind = db.session.get(Indicatie, indicatie_id, options=_DETAIL_LOAD)
    if ind is None or not actor.has_role(*CASE_ROLES) or ind.gemeente_id not in actor.gemeente_ids:
        raise Refused(Refusal(purpose, "indicatie", indicatie_id, inwoner_id=ind.inwoner_id if ind else None,
                              gemeente_id=ind.gemeente_id if ind else None, reason="geen toegang"),
                      message="Deze indicatie bestaat niet of valt buiten uw gemeenten.", status=404)
    record(purpose, object_type="indicatie", object_id=ind.id, inwoner_id=ind.inwoner_id,
           gemeente_id=ind.gemeente_id)
    return ind


def _version(form: Any) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def _choices(form: IndicatieForm, wetten: list[str]) -> None:
    products = db.session.scalars(sa.select(Product).where(Product.active, Product.wet.in_(wetten))
                                  .order_by(Product.wet, Product.productcode)).all()
    form.product_id.choices = [("", "Maatwerk buiten de catalogus")] + [
        (p.id, f"{p.productcode} – {p.naam} ({p.wet}, per {p.eenheid_label})") for p in products]
    aanbieders = db.session.scalars(sa.select(Aanbieder).where(Aanbieder.active).order_by(Aanbieder.naam)).all()
    form.aanbieder_id.choices = [("", "Kies een aanbieder")] + [
        (a.id, a.naam + ("" if a.regionaal_gecontracteerd else " (niet regionaal gecontracteerd)"))
        for a in aanbieders]


def _voorstel(form: IndicatieForm) -> ops.Voorstel:
    return ops.Voorstel(
        product_id=form.product_id.data, volume=form.volume.data, frequentie=form.frequentie.data,
        ingangsdatum=form.ingangsdatum.data, einddatum=form.einddatum.data,
        leveringsvorm=Leveringsvorm(form.leveringsvorm.data or "ZIN"), aanbieder_id=form.aanbieder_id.data,
        pgb_budget_cents=parse_euro(form.pgb_budget.data, "pgb_budget"),
        pgb_motivering=form.pgb_motivering.data or "", doelen=form.doelen.data or "",
        resultaat=form.resultaat.data or "", afwijking_reden=form.afwijking_reden.data or "",
        maatwerk_omschrijving=form.maatwerk_omschrijving.data or "", maatwerk_wet=form.maatwerk_wet.data or "",
        maatwerk_budget_cents=parse_euro(form.maatwerk_budget.data, "maatwerk_budget"),
        maatwerk_rechtvaardiging=form.maatwerk_rechtvaardiging.data or "",
    )


@bp.route("/nieuw/<int:hulpvraag_id>", methods=["GET", "POST"])
@role_required(Role.CONSULENT)
def new(hulpvraag_id: int) -> Any:
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_indicatie")
    form = IndicatieForm()
    _choices(form, hv.wetten)
    if request.method == "GET":
        form.ingangsdatum.data = today()
    if form.validate_on_submit():
        ok, ind = run_operation(form, lambda: ops.create(current_user, hv, _voorstel(form)))
        if ok and ind is not None:
            flash("De indicatie is opgeslagen als concept. Controleer de kosten en de toets.", "success")
            return redirect(url_for("indicaties.detail", indicatie_id=ind.id))
    return render_template("indicaties/form.html", form=form, hv=hv, ind=None)


@bp.route("/<int:indicatie_id>")
@role_required(*CASE_ROLES)
def detail(indicatie_id: int) -> Any:
    return _detail_page(get_indicatie(current_user, indicatie_id))


def _detail_page(ind: Indicatie, status: int = 200, **forms: Any) -> Any:
    ctx = {
        "submit_form": VersionForm(formdata=None, prefix="indienen", version=ind.version),
        "spoed_form": VersionForm(formdata=None, prefix="spoed", version=ind.version),
        "approve_form": VersionForm(formdata=None, prefix="goedkeuren", version=ind.version),
        "return_form": TerugsturenForm(formdata=None, prefix="terugsturen", version=ind.version),
        "nacontrole_form": NacontroleForm(formdata=None, prefix="nacontrole"),
    }
    ctx.update(forms)
    editors = set(db.session.scalars(sa.select(ops.IndicatieEditor.user_id)
                                     .where(ops.IndicatieEditor.indicatie_id == ind.id)))
    may_review = (current_user.has_role(Role.TEAMLEIDER) and current_user.id not in editors
                  and current_user.id not in (ind.created_by_id, ind.submitted_by_id))
    return render_template("indicaties/detail.html", ind=ind, hv=ind.hulpvraag, may_review=may_review,
                           problems=ops.beschikbaar_voor_beschikking(ind), ST=ops.ST,
                           spoed_max=ops.SPOED_MAX_DAGEN, **ctx), status


@bp.route("/<int:indicatie_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.CONSULENT)
def edit(indicatie_id: int) -> Any:
    ind = get_indicatie(current_user, indicatie_id, "view_indicatie_for_edit")
    if request.method == "GET":
        form = IndicatieForm(obj=ind)
        form.leveringsvorm.data = ind.leveringsvorm.value
        form.pgb_budget.data = _euros(ind.pgb_budget_cents)
        form.maatwerk_budget.data = _euros(ind.maatwerk_budget_cents)
        form.maatwerk_wet.data = ind.wet if ind.product_id is None else ""
    else:
        form = IndicatieForm()
    _choices(form, ind.hulpvraag.wetten)
    if form.validate_on_submit():
        ok, _ = run_operation(form, lambda: ops.update(current_user, ind, _voorstel(form), _version(form)))
        if ok:
            flash("De indicatie is gewijzigd." + (" De eerdere beoordeling is vervallen; dien haar opnieuw in."
                                                 if ind.hoog_impact else ""), "success")
            return redirect(url_for("indicaties.detail", indicatie_id=ind.id))
    return render_template("indicaties/form.html", form=form, hv=ind.hulpvraag, ind=ind)


def _euros(cents: int | None) -> str:
    return "" if cents is None else f"{cents / 100:.2f}".replace(".", ",")


def _action(indicatie_id: int, form: Any, key: str, fn: Any, success: str) -> Any:
    ind = get_indicatie(current_user, indicatie_id, "view_indicatie_for_review")
    if form.validate_on_submit():
        ok, _ = run_operation(form, fn, ind, form)
        if ok:
            flash(success, "success")
            return redirect(url_for("indicaties.detail", indicatie_id=ind.id))
    return _detail_page(ind, 422, **{key: form})


@bp.route("/<int:indicatie_id>/indienen", methods=["POST"])
@role_required(Role.CONSULENT)
def submit(indicatie_id: int) -> Any:
    return _action(indicatie_id, VersionForm(prefix="indienen"), "submit_form",
                   lambda ind, f: ops.submit(current_user, ind, _version(f)),
                   "De indicatie is ingediend. Een teamleider beoordeelt haar.")


@bp.route("/<int:indicatie_id>/spoed", methods=["POST"])
@role_required(Role.CONSULENT)
def spoed(indicatie_id: int) -> Any:
    return _action(indicatie_id, VersionForm(prefix="spoed"), "spoed_form",
                   lambda ind, f: ops.mark_spoed(current_user, ind, _version(f)),
                   "Spoedindicatie vastgelegd: zij kan worden beschikt en wordt achteraf gecontroleerd.")


@bp.route("/<int:indicatie_id>/goedkeuren", methods=["POST"])
@role_required(Role.TEAMLEIDER)
def approve(indicatie_id: int) -> Any:
    form = VersionForm(prefix="goedkeuren")
    ind = get_indicatie(current_user, indicatie_id, "view_indicatie_for_review")
    version = _version(form)
    if not form.validate_on_submit() or version is None:
        flash("Het formulier was onvolledig; er is niets goedgekeurd.", "error")
        return _detail_page(ind, 422)
    ops.approve(current_user, ind, version)  # refusals raise Refused: audited, 403/409 page
    flash("De indicatie is goedgekeurd.", "success")
    return redirect(url_for("indicaties.queue"))


@bp.route("/<int:indicatie_id>/terugsturen", methods=["POST"])
@role_required(Role.TEAMLEIDER)
def return_(indicatie_id: int) -> Any:
    form = TerugsturenForm(prefix="terugsturen")
    ind = get_indicatie(current_user, indicatie_id, "view_indicatie_for_review")
    version = _version(form)
    if form.validate_on_submit() and version is not None:
        ops.return_to_consultant(current_user, ind, version, form.reden.data or "")
        flash("De indicatie is teruggestuurd naar de consulent.", "success")
        return redirect(url_for("indicaties.queue"))
    return _detail_page(ind, 422, return_form=form)


@bp.route("/<int:indicatie_id>/nacontrole", methods=["POST"])
@role_required(Role.TEAMLEIDER)
def nacontrole(indicatie_id: int) -> Any:
    return _action(indicatie_id, NacontroleForm(prefix="nacontrole"), "nacontrole_form",
                   lambda ind, f: ops.review_spoed(current_user, ind, f.akkoord.data == "ja", f.reden.data or ""),
                   "De nacontrole is vastgelegd.")


@bp.route("/beoordelen")
@role_required(Role.TEAMLEIDER)
def queue() -> Any:
    from toegang.db import utcnow

    return render_template("indicaties/queue.html", items=ops.review_queue(current_user), now=utcnow())


# ----------------------------------------------------------------------------- impact policy

@bp.route("/impactbeleid")
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def beleid() -> Any:
    versions = db.session.scalars(sa.select(ImpactBeleid).order_by(ImpactBeleid.versie.desc())).all()
    current, regels = ops.beleid_in_force(today())
    return render_template("indicaties/beleid.html", versions=versions, current=current, regels=regels)


@bp.route("/impactbeleid/nieuw", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def beleid_new() -> Any:
    form = ImpactBeleidForm()
    if request.method == "GET":
        _, regels = ops.beleid_in_force(today())
        policy.fill_form(form, regels)
        form.ingangsdatum.data = today()
    if form.validate_on_submit():
        ok, _ = run_operation(form, policy.publish, current_user, form)
        if ok:
            flash("De nieuwe versie van het impactbeleid is gepubliceerd.", "success")
            return redirect(url_for("indicaties.beleid"))
    return render_template("indicaties/beleid_form.html", form=form)


@bp.app_context_processor
def _review_count() -> dict[str, Any]:
    """The waiting review count in the navigation, queried only when the nav asks for it."""
    return {"review_queue_count": lambda: ops.review_queue_count(current_user)}
