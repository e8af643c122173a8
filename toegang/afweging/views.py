"""Afweging views: the consultant walks the kader for a hulpvraag; the beheerder publishes versions."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import CASE_ROLES, Role
from toegang.afweging import bp
from toegang.afweging import kader as K
from toegang.afweging import operations as ops
from toegang.afweging.forms import KaderForm, PadForm
from toegang.afweging.models import Afwegingskader
from toegang.catalogus.models import Product
from toegang.errors import Refusal, Refused
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.hulpvragen.access import get_hulpvraag
from toegang.hulpvragen.models import Hulpvraag
from toegang.inwoners.operations import today
from toegang.security import require_gemeente, role_required
from toegang.web import run_operation

READERS = (Role.CONSULENT, Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER)


# ----------------------------------------------------------------------------- the path

def _choices(form: PadForm, hv: Hulpvraag, doc: dict[str, Any] | None) -> None:
    doc = doc or {"behoeften": [], "voorliggende_voorzieningen": [], "normenkader": {"activiteiten": [],
                                                                                      "toeslagen": []}}
    form.behoefte_code.choices = [("", "Kies een behoefte")] + [
        (b["code"], f"{b['doelgroep']}: {b['naam']}") for b in doc["behoeften"] if b["wet"] in hv.wetten]
    form.voorliggend_code.choices = [("", "—")] + [(v["code"], v["naam"]) for v in doc["voorliggende_voorzieningen"]]
    form.algemeen_code.choices = [("", "—")] + list(ops.algemene_voorzieningen().items())
    products = db.session.scalars(sa.select(Product).where(Product.active, Product.wet.in_(hv.wetten))
                                  .order_by(Product.wet, Product.productcode))
    form.producten.choices = [(p.productcode, f"{p.productcode} – {p.naam}") for p in products]
    for stap in doc.get("stappen", []):
        getattr(form, f"{stap['code']}_antwoord").label.text = f"{stap['titel']}: antwoord"
        getattr(form, f"{stap['code']}_toelichting").label.text = f"{stap['titel']}: waarom"
    nk = doc["normenkader"]
    form.normenkader_activiteiten.choices = [(a["code"], f"{a['naam']} ({a['minuten']} min.)")
                                             for a in nk["activiteiten"]]
    form.normenkader_toeslagen.choices = [(t["code"], f"{t['naam']} (+{t['minuten']} min.)") for t in nk["toeslagen"]]


def _prefill(form: PadForm, a: Any) -> None:
    for s in K.STAPPEN:
        getattr(form, f"{s}_antwoord").data = a.antwoord(s)
        getattr(form, f"{s}_toelichting").data = a.reden(s)
    form.uitkomst.data = a.uitkomst.value
    form.behoefte_code.data = a.behoefte_code or ""
    form.voorliggend_code.data = a.voorliggend_code or ""
    form.algemeen_code.data = a.algemeen_code or ""
    form.band.data = a.band
    form.producten.data = list(a.producten or [])
    nk = a.normenkader or {}
    form.normenkader_activiteiten.data = list(nk.get("activiteiten", []))
    form.normenkader_toeslagen.data = list(nk.get("toeslagen", []))
    form.afwijzing_reden.data = a.afwijzing_reden
    form.toekomstplan.data = a.toekomstplan
    form.toelichting.data = a.toelichting


def _invoer(form: PadForm) -> ops.PadInvoer:
    return ops.PadInvoer(
        antwoorden={s: {"antwoord": getattr(form, f"{s}_antwoord").data or None,
                        "toelichting": getattr(form, f"{s}_toelichting").data or ""} for s in K.STAPPEN},
        uitkomst=form.uitkomst.data or "", voorliggend_code=form.voorliggend_code.data or None,
        algemeen_code=form.algemeen_code.data or None, behoefte_code=form.behoefte_code.data or None,
        band=form.band.data or None, producten=list(form.producten.data or []),
        normenkader_activiteiten=list(form.normenkader_activiteiten.data or []),
        normenkader_toeslagen=list(form.normenkader_toeslagen.data or []),
        afwijzing_reden=form.afwijzing_reden.data or "", toekomstplan=form.toekomstplan.data or "",
        toelichting=form.toelichting.data or "")


@bp.route("/hulpvraag/<int:hulpvraag_id>", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def pad(hulpvraag_id: int) -> Any:
    posting = request.method == "POST"
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_afweging_for_edit" if posting else "view_afweging",
                       for_update=posting)
    a = ops.current(hv)
    k = ops.kader_in_force(hv.gemeente_id, today())
    form = PadForm() if posting else PadForm(formdata=None)
    _choices(form, hv, k.inhoud if k else None)
    if not posting and a is not None:
        _prefill(form, a)
    status = 200
    if posting:
        if form.validate_on_submit():
            ok, saved = run_operation(form, ops.record_pad, current_user, hv, _invoer(form))
            if ok and saved is not None:
                flash(f"De afweging is opgeslagen (versie {saved.versie}). Lees de motivering na.", "success")
                return redirect(url_for("afweging.pad", hulpvraag_id=hv.id) + "#motivering")
        status = 422
    return render_template("afweging/pad.html", hv=hv, form=form, a=a, kader=k, doc=k.inhoud if k else None,
                           history=ops.history(hv), frozen=ops.frozen_reason(hv),
                           motivering=ops.motivering(a) if a is not None else "", K=K), status


# ----------------------------------------------------------------------------- the kader

def _kader(actor: Any, kader_id: int) -> Afwegingskader:
    k = db.session.get(Afwegingskader, kader_id)
    if k is None or k.gemeente_id not in actor.gemeente_ids:
        raise Refused(Refusal("view_afwegingskader", "afwegingskader", kader_id, reason="buiten gemeente"),
                      message="Dit afwegingskader bestaat niet of valt buiten uw gemeenten.", status=404)
    return k


@bp.route("/kader")
@role_required(*READERS)
def kaders() -> Any:
    gemeenten = db.session.scalars(sa.select(Gemeente).where(Gemeente.id.in_(current_user.gemeente_ids))
                                   .order_by(Gemeente.naam)).all()
    rows = [(g, ops.kader_versions(g.id), ops.kader_in_force(g.id, today())) for g in gemeenten]
    return render_template("afweging/kaders.html", rows=rows)


@bp.route("/kader/<int:kader_id>")
@role_required(*READERS)
def kader(kader_id: int) -> Any:
    k = _kader(current_user, kader_id)
    names = {p.productcode: p.naam for p in db.session.scalars(sa.select(Product))}
    return render_template("afweging/kader.html", k=k, doc=k.inhoud, K=K, names=names,
                           algemene=ops.algemene_voorzieningen())


@bp.route("/kader/nieuw/<int:gemeente_id>", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def kader_new(gemeente_id: int) -> Any:
    require_gemeente(current_user, gemeente_id, "view_afwegingskader_form", object_type="gemeente",
                     object_id=gemeente_id)
    gemeente = db.session.get(Gemeente, gemeente_id)
    form = KaderForm()
    current = ops.kader_in_force(gemeente_id, today()) or (ops.kader_versions(gemeente_id) or [None])[0]
    if request.method == "GET":
        form.ingangsdatum.data = today()
        doc = current.inhoud if current else ops.standaard_kader_for(gemeente)
        form.inhoud.data = json.dumps(doc, ensure_ascii=False, indent=2)
    if form.validate_on_submit():
        ok, k = run_operation(form, ops.publish_kader, current_user, gemeente_id, form.ingangsdatum.data,
                              form.inhoud.data or "", form.toelichting.data or "")
        if ok and k is not None:
            flash(f"Versie {k.versie} van het afwegingskader van {gemeente.naam} is gepubliceerd.", "success")
            return redirect(url_for("afweging.kader", kader_id=k.id))
    status = 422 if request.method == "POST" else 200
    return render_template("afweging/kader_form.html", form=form, gemeente=gemeente, current=current), status


@bp.app_context_processor
def _advies() -> dict[str, Any]:
    """The current path's advice for the indicatie form (queried only when a template asks)."""

    def afweging_advies(hv: Hulpvraag) -> dict[str, Any] | None:
        a = ops.current(hv)
        if a is None:
            return None
        b = K.behoefte(a.kader.inhoud, a.behoefte_code)
        nk = a.normenkader or {}
        return {"versie": a.versie, "kader_versie": a.kader.versie, "uitkomst": a.uitkomst.label,
                "band": a.band, "behoefte": b["naam"] if b else None, "producten": ops.advies(a),
                "normenkader_uren": K.uren_text(K.advies_uren(nk["minuten"])) if "minuten" in nk else None}

    return {"afweging_advies": afweging_advies}
