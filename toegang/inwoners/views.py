"""Resident views: search, register, the dossier, and its parts (Wlz, huishouden, contacts)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import CASE_ROLES
from toegang.catalogus.operations import wijken_for
from toegang.forms import EmptyForm
from toegang.inwoners import bp
from toegang.inwoners import operations as ops
from toegang.inwoners.access import get_inwoner
from toegang.inwoners.forms import (
    ContactpersoonForm,
    HuishoudenForm,
    HuishoudenLidForm,
    InwonerForm,
    NieuweInwonerForm,
    WlzForm,
    ZoekForm,
)
from toegang.inwoners.models import ContactSoort, Geslacht, HuishoudenRol
from toegang.security import role_required
from toegang.validation import mask_bsn
from toegang.web import run_operation


def _wijk_choices() -> list[tuple[Any, str]]:
    return [("", "Onbekend")] + [(w.id, f"{w.naam} ({w.gemeente.naam})") for w in wijken_for(current_user)]


def _gegevens(form: InwonerForm) -> ops.InwonerGegevens:
    return ops.InwonerGegevens(
        voornamen=form.voornamen.data or "", tussenvoegsel=form.tussenvoegsel.data or "",
        achternaam=form.achternaam.data or "", geboortedatum=form.geboortedatum.data,
        geslacht=Geslacht(form.geslacht.data), straat=form.straat.data or "", huisnummer=form.huisnummer.data,
        huisnummer_toevoeging=form.huisnummer_toevoeging.data or "", postcode=form.postcode.data or "",
        woonplaats=form.woonplaats.data or "", wijk_id=form.wijk_id.data, telefoon=form.telefoon.data or "",
        email=form.email.data or "",
    )


@bp.route("/zoeken", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def search() -> Any:
    """Search by POST, so a BSN or name never ends up in a URL, a log line or browser history."""
    form = ZoekForm()
    results = None
    if form.validate_on_submit():
        query = ops.Zoekvraag(bsn=form.bsn.data or "", achternaam=form.achternaam.data or "",
                              geboortedatum=form.geboortedatum.data, postcode=form.postcode.data or "",
                              huisnummer=form.huisnummer.data)
        _ok, results = run_operation(form, ops.search, current_user, query)
    return render_template("inwoners/search.html", form=form, results=results, mask_bsn=mask_bsn)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new() -> Any:
    form = NieuweInwonerForm()
    form.gemeente_id.choices = [(g.id, g.naam) for g in current_user.gemeenten]
    form.wijk_id.choices = _wijk_choices()
    existing_id = None
    if form.validate_on_submit():
        ok, inwoner = run_operation(form, ops.create_inwoner, current_user, form.gemeente_id.data,
                                    form.bsn.data or "", _gegevens(form))
        if ok and inwoner is not None:
            flash(f"{inwoner.naam} is geregistreerd.", "success")
            return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id))
        error = getattr(form, "domain_error", None)
        if isinstance(error, ops.DuplicateBsn):
            existing_id = error.existing_id
    return render_template("inwoners/form.html", form=form, inwoner=None, existing_id=existing_id)


@bp.route("/<int:inwoner_id>")
@role_required(*CASE_ROLES)
def detail(inwoner_id: int) -> Any:
    return _dossier_page(get_inwoner(current_user, inwoner_id))


@bp.route("/<int:inwoner_id>/bewerken", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def edit(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    form = InwonerForm(obj=None if request.method == "POST" else inwoner)
    if request.method == "GET":
        form.geslacht.data = inwoner.geslacht.value
    form.wijk_id.choices = _wijk_choices()
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.update_inwoner, current_user, inwoner, _gegevens(form))
        if ok:
            flash("De gegevens zijn opgeslagen.", "success")
            return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id))
    return render_template("inwoners/form.html", form=form, inwoner=inwoner, existing_id=None)


@bp.route("/<int:inwoner_id>/wlz", methods=["POST"])
@role_required(*CASE_ROLES)
def wlz(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    form = WlzForm(prefix="wlz")
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.set_wlz, current_user, inwoner, form.wlz_indicatie.data,
                              form.wlz_datum.data, form.wlz_bron.data or "")
        if ok:
            flash("De Wlz-gegevens zijn opgeslagen.", "success")
            return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#wlz")
    return _dossier_page(inwoner, 422, wlz_form=form)


@bp.route("/<int:inwoner_id>/contactpersonen", methods=["POST"])
@role_required(*CASE_ROLES)
def contact_add(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    form = ContactpersoonForm(prefix="cp")
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.add_contactpersoon, current_user, inwoner, ContactSoort(form.soort.data),
                              form.naam.data or "", form.relatie.data or "", form.telefoon.data or "",
                              form.email.data or "", form.notitie.data or "")
        if ok:
            flash("De contactpersoon is toegevoegd.", "success")
            return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#contactpersonen")
    return _dossier_page(inwoner, 422, contact_form=form)


@bp.route("/<int:inwoner_id>/contactpersonen/<int:contact_id>/verwijderen", methods=["POST"])
@role_required(*CASE_ROLES)
def contact_remove(inwoner_id: int, contact_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    ok, _ = run_operation(None, ops.remove_contactpersoon, current_user, inwoner, contact_id)
    if ok:
        flash("De contactpersoon is verwijderd.", "success")
    return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#contactpersonen")


@bp.route("/<int:inwoner_id>/huishouden", methods=["POST"])
@role_required(*CASE_ROLES)
def huishouden_create(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    form = HuishoudenForm(prefix="hh")
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.create_huishouden_for, current_user, inwoner, HuishoudenRol(form.rol.data))
        if ok:
            flash("Het huishouden is aangemaakt.", "success")
            return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#huishouden")
    return _dossier_page(inwoner, 422, huishouden_form=form)


@bp.route("/<int:inwoner_id>/huishouden/lid", methods=["POST"])
@role_required(*CASE_ROLES)
def huishouden_add(inwoner_id: int) -> Any:
    """Add a member by BSN (posted, never in the URL)."""
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    form = HuishoudenLidForm(prefix="lid")
    if form.validate_on_submit():
        ok, member = run_operation(form, _find_member, form.bsn.data or "")
        if ok and member is not None:
            ok, _ = run_operation(form, ops.add_to_huishouden, current_user, inwoner, member,
                                  HuishoudenRol(form.rol.data))
            if ok:
                flash(f"{member.naam} is aan het huishouden toegevoegd.", "success")
                return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#huishouden")
    return _dossier_page(inwoner, 422, lid_form=form)


def _find_member(bsn: str) -> Any:
    from toegang.errors import DomainError
    from toegang.validation import normalise_bsn

    found = ops.find_by_bsn(normalise_bsn(bsn))
    if found is None or found.gemeente_id not in current_user.gemeente_ids:
        raise DomainError("Er is geen inwoner met dit BSN in uw gemeenten. Registreer deze inwoner eerst.", "bsn")
    return get_inwoner(current_user, found.id, "view_inwoner_for_huishouden")


@bp.route("/<int:inwoner_id>/huishouden/verlaten", methods=["POST"])
@role_required(*CASE_ROLES)
def huishouden_leave(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_edit")
    if not EmptyForm().validate_on_submit():
        abort(400)
    ok, _ = run_operation(None, ops.remove_from_huishouden, current_user, inwoner)
    if ok:
        flash("De inwoner is uit het huishouden gehaald.", "success")
    return redirect(url_for("inwoners.detail", inwoner_id=inwoner.id) + "#huishouden")


def _dossier_page(inwoner: Any, status: int = 200, **forms: Any) -> Any:
    """The dossier, with any sub-form that failed re-rendered with its input and errors."""
    from toegang.hulpvragen.queries import hulpvragen_of_inwoner

    ctx = {
        "wlz_form": WlzForm(obj=inwoner, formdata=None, prefix="wlz"),
        "contact_form": ContactpersoonForm(formdata=None, prefix="cp"),
        "huishouden_form": HuishoudenForm(formdata=None, prefix="hh"),
        "lid_form": HuishoudenLidForm(formdata=None, prefix="lid"),
    }
    ctx.update(forms)
    return render_template(
        "inwoners/detail.html", inwoner=inwoner, leden=ops.huishouden_leden(inwoner),
        hulpvragen=hulpvragen_of_inwoner(inwoner), mask_bsn=mask_bsn, empty_form=EmptyForm(), **ctx,
    ), status
