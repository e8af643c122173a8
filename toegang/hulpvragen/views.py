"""Hulpvraag views: thin — parse a form, call one operation, render or redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from toegang.accounts.roles import CASE_ROLES, Role
from toegang.audit.models import AuditResult
from toegang.audit.operations import record
from toegang.catalogus.models import Huisarts
from toegang.catalogus.operations import code_choices, codes
from toegang.extensions import db
from toegang.forms import EmptyForm
from toegang.hulpvragen import bp, queries
from toegang.hulpvragen import operations as ops
from toegang.hulpvragen.access import get_hulpvraag
from toegang.hulpvragen.forms import (
    AfsluitenForm,
    BetrokkeneForm,
    DatumForm,
    GrondslagForm,
    HertoewijzenForm,
    MeldingForm,
    OnderzoekForm,
    OpschortingEindeForm,
    OpschortingForm,
    VerdagingForm,
    gesprek_form_class,
)
from toegang.hulpvragen.models import (
    Afsluitreden,
    Betrokkene,
    BetrokkeneSoort,
    Gesprek,
    Grondslag,
    GrondslagSoort,
    Hulpvraag,
    HulpvraagStatus,
    Kanaal,
    Melder,
    Verslag,
)
from toegang.inwoners.access import get_inwoner
from toegang.inwoners.operations import today
from toegang.security import role_required
from toegang.web import run_operation

# ----------------------------------------------------------------------------- helpers


def _melding_form(hv: Hulpvraag | None = None) -> MeldingForm:
    form = MeldingForm(obj=hv) if hv is not None and request.method == "GET" else MeldingForm()
    form.verwijzer_code.choices = [("", "Geen verwijzer")] + code_choices("verwijzer")
    form.huisarts_id.choices = [("", "Geen / onbekend")] + [
        (h.id, f"{h.naam}, {h.plaats}") for h in db.session.scalars(
            sa.select(Huisarts).where(Huisarts.active).order_by(Huisarts.naam))
    ]
    form.levensdomeinen.choices = [(c.code, c.label) for c in codes("levensdomein")]
    gemeente_ids = {hv.gemeente_id} if hv is not None else current_user.gemeente_ids
    form.consulent_id.choices = [("", "Ikzelf")] + [(u.id, u.full_name) for u in ops.consulent_choices(gemeente_ids)]
    if hv is not None and request.method == "GET":
        form.kanaal.data, form.melder.data = hv.kanaal.value, hv.melder.value
        form.verwijzer_code.data = hv.verwijzer_code or ""
        form.wetten.data, form.levensdomeinen.data = hv.wetten, hv.levensdomeinen
        form.consulent_id.data = hv.consulent_id
    if request.method == "GET" and hv is None:
        form.melddatum.data = today()
    return form


def _melding(form: MeldingForm) -> ops.Melding:
    return ops.Melding(
        melddatum=form.melddatum.data, kanaal=Kanaal(form.kanaal.data), melder=Melder(form.melder.data),
        omschrijving=form.omschrijving.data or "", wetten=list(form.wetten.data or []),
        levensdomeinen=list(form.levensdomeinen.data or []), melder_naam=form.melder_naam.data or "",
        verwijzer_code=form.verwijzer_code.data or None, huisarts_id=form.huisarts_id.data,
        spoed=bool(form.spoed.data), consulent_id=form.consulent_id.data,
    )


def _version(form: Any) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def _case_page(hv: Hulpvraag, status: int = 200, **forms: FlaskForm) -> Any:
    """The case page, with any sub-form that failed re-rendered with its input and errors."""
    defaults: dict[str, FlaskForm] = {
        "grondslag_form": GrondslagForm(formdata=None, prefix="grondslag", datum=today()),
        "betrokkene_form": BetrokkeneForm(formdata=None, prefix="betrokkene"),
        "start_form": DatumForm(formdata=None, prefix="start", datum=today()),
        "aanvraag_form": DatumForm(formdata=None, prefix="aanvraag", datum=today()),
        "plan_form": DatumForm(formdata=None, prefix="plan", datum=today()),
        "co_form": DatumForm(formdata=None, prefix="co", datum=today()),
        "opschorting_form": OpschortingForm(formdata=None, prefix="opschorting", start=today()),
        "opschorting_einde_form": OpschortingEindeForm(formdata=None, prefix="opschortingeinde", eind=today()),
        "verdaging_form": VerdagingForm(formdata=None, prefix="verdaging", mededeling_datum=today()),
        "afsluiten_form": AfsluitenForm(formdata=None, prefix="afsluiten", datum=today(), version=hv.version),
        "hertoewijzen_form": HertoewijzenForm(formdata=None, prefix="hertoewijzen"),
        "afronden_form": DatumForm(formdata=None, prefix="afronden", datum=today()),
        "verslag_form": DatumForm(formdata=None, prefix="verslag", datum=today()),
        "empty_form": EmptyForm(),
    }
    defaults.update(forms)
    defaults["afsluiten_form"].reden.choices = [(r.value, r.label) for r in
                                                ops.AFSLUITREDENEN_PER_STATUS.get(hv.status, ())]
    if current_user.has_role(Role.TEAMLEIDER):  # only a teamleider sees the reassign form
        defaults["hertoewijzen_form"].consulent_id.choices = [("", "Kies een consulent")] + [
            (u.id, u.full_name) for u in ops.consulent_choices({hv.gemeente_id}) if u.id != hv.consulent_id]
    grondslagen = db.session.scalars(sa.select(Grondslag).where(Grondslag.hulpvraag_id == hv.id)
                                     .order_by(Grondslag.datum.desc(), Grondslag.id.desc())).all()
    betrokkenen = db.session.scalars(sa.select(Betrokkene).where(Betrokkene.hulpvraag_id == hv.id)
                                     .order_by(Betrokkene.soort, Betrokkene.naam)).all()
    gesprekken = db.session.scalars(sa.select(Gesprek).where(Gesprek.hulpvraag_id == hv.id)
                                    .order_by(Gesprek.datum.desc())).all()
    verslagen = db.session.scalars(sa.select(Verslag).where(Verslag.onderzoek_id == hv.onderzoek.id)
                                   .order_by(Verslag.id)).all() if hv.onderzoek else []
    from toegang.afweging.operations import current as current_afweging
    from toegang.beschikkingen.operations import of_hulpvraag
    from toegang.indicaties.operations import indicaties_of

    return render_template(
        "hulpvragen/detail.html", hv=hv, indicaties=indicaties_of(hv), beschikkingen=of_hulpvraag(hv),
        deadlines=ops.deadlines(hv), grondslag=next((g for g in grondslagen if g.ingetrokken_op is None), None),
        grondslagen=grondslagen, betrokkenen=betrokkenen, gesprekken=gesprekken, verslagen=verslagen,
        plan_venster=ops.persoonlijk_plan_venster(hv), termijn_warnings=ops.deadline_set(hv).warnings,
        S=HulpvraagStatus,
        secties=ops.ONDERZOEK_SECTIES, zrm_labels=ops.ZRM_LABELS, levensdomeinen=dict(
            (c.code, c.label) for c in codes("levensdomein")), verwijzers=dict(code_choices("verwijzer")),
        afweging=current_afweging(hv, with_document=False),
        **defaults,
    ), status


def _post(hulpvraag_id: int, form: FlaskForm, form_key: str, action: Callable[[Hulpvraag, Any], Any],
          success: str, anchor: str = "") -> Any:
    """The common shape of a POST on the case page."""
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_edit", for_update=True)
    if form.validate_on_submit():
        ok, _ = run_operation(form, action, hv, form)
        if ok:
            flash(success, "success")
            return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id) + anchor)
    return _case_page(hv, 422, **{form_key: form})


# ----------------------------------------------------------------------------- werkvoorraad

@bp.route("/werkvoorraad")
@role_required(*CASE_ROLES)
def werkvoorraad() -> Any:
    page = queries.werkvoorraad(current_user, page=request.args.get("pagina", 1, type=int),
                                per_page=current_app.config["PAGE_SIZE"])
    return render_template("hulpvragen/werkvoorraad.html", page=page, today=today(),
                           signalen=queries.signalen(current_user, today()))


@bp.route("/team")
@role_required(Role.TEAMLEIDER)
def team() -> Any:
    only_overdue = request.args.get("te_laat") == "1"
    page = queries.team_cases(current_user, page=request.args.get("pagina", 1, type=int),
                              per_page=current_app.config["PAGE_SIZE"], only_overdue=only_overdue, today=today())
    return render_template("hulpvragen/team.html", page=page, overview=queries.team_overview(current_user, today()),
                           today=today(), only_overdue=only_overdue)


# ----------------------------------------------------------------------------- melding

@bp.route("/nieuw/<int:inwoner_id>", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_inwoner_for_hulpvraag")
    form = _melding_form()
    if form.validate_on_submit():
        ok, hv = run_operation(form, ops.create_hulpvraag, current_user, inwoner, _melding(form))
        if ok and hv is not None:
            flash("De hulpvraag is geregistreerd.", "success")
            return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id))
    return render_template("hulpvragen/melding_form.html", form=form, inwoner=inwoner, hv=None)


@bp.route("/<int:hulpvraag_id>")
@role_required(*CASE_ROLES)
def detail(hulpvraag_id: int) -> Any:
    return _case_page(get_hulpvraag(current_user, hulpvraag_id))


@bp.route("/<int:hulpvraag_id>/bewerken", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def edit(hulpvraag_id: int) -> Any:
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_edit")
    form = _melding_form(hv)
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.update_melding, current_user, hv, _melding(form), _version(form))
        if ok:
            flash("De melding is bijgewerkt.", "success")
            return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id))
    return render_template("hulpvragen/melding_form.html", form=form, inwoner=hv.inwoner, hv=hv)


@bp.route("/<int:hulpvraag_id>/hertoewijzen", methods=["POST"])
@role_required(Role.TEAMLEIDER)
def reassign(hulpvraag_id: int) -> Any:
    form = HertoewijzenForm(prefix="hertoewijzen")
    form.consulent_id.choices = [(u.id, u.full_name) for u in ops.consulent_choices(current_user.gemeente_ids)]
    return _post(hulpvraag_id, form, "hertoewijzen_form",
                 lambda hv, f: ops.reassign(current_user, hv, f.consulent_id.data, f.reden.data or ""),
                 "De hulpvraag is aan een andere consulent toegewezen.")


# ----------------------------------------------------------------------------- grondslag and betrokkenen

@bp.route("/<int:hulpvraag_id>/grondslag", methods=["POST"])
@role_required(*CASE_ROLES)
def grondslag(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, GrondslagForm(prefix="grondslag"), "grondslag_form",
                 lambda hv, f: ops.record_grondslag(current_user, hv, GrondslagSoort(f.soort.data), f.datum.data,
                                                    f.reikwijdte.data or "", f.ontvangers.data or "",
                                                    f.reden.data or ""),
                 "De grondslag is vastgelegd.", "#grondslag")


@bp.route("/<int:hulpvraag_id>/grondslag/<int:grondslag_id>/intrekken", methods=["POST"])
@role_required(*CASE_ROLES)
def grondslag_intrekken(hulpvraag_id: int, grondslag_id: int) -> Any:
    return _post(hulpvraag_id, EmptyForm(), "empty_form",
                 lambda hv, f: ops.withdraw_grondslag(current_user, hv, grondslag_id),
                 "De grondslag is ingetrokken.", "#grondslag")


@bp.route("/<int:hulpvraag_id>/betrokkenen", methods=["POST"])
@role_required(*CASE_ROLES)
def betrokkene(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, BetrokkeneForm(prefix="betrokkene"), "betrokkene_form",
                 lambda hv, f: ops.add_betrokkene(current_user, hv, BetrokkeneSoort(f.soort.data), f.naam.data or "",
                                                  f.organisatie.data or "", f.telefoon.data or "",
                                                  f.email.data or "", f.rol.data or ""),
                 "De betrokkene is toegevoegd.", "#betrokkenen")


@bp.route("/<int:hulpvraag_id>/betrokkenen/<int:betrokkene_id>/verwijderen", methods=["POST"])
@role_required(*CASE_ROLES)
def betrokkene_verwijderen(hulpvraag_id: int, betrokkene_id: int) -> Any:
    return _post(hulpvraag_id, EmptyForm(), "empty_form",
                 lambda hv, f: ops.remove_betrokkene(current_user, hv, betrokkene_id),
                 "De betrokkene is verwijderd.", "#betrokkenen")


# ----------------------------------------------------------------------------- gesprek and ZRM

def _zrm_domeinen() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in codes("levensdomein")]


@bp.route("/<int:hulpvraag_id>/gesprek", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def gesprek(hulpvraag_id: int) -> Any:
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_edit")
    domeinen = _zrm_domeinen()
    form = gesprek_form_class(domeinen)()
    if request.method == "GET":
        form.datum.data = today()
    if form.validate_on_submit():
        zrm = {code: int(getattr(form, f"zrm_{code}").data) if getattr(form, f"zrm_{code}").data else None
               for code, _ in domeinen}
        ok, _ = run_operation(form, ops.record_gesprek, current_user, hv, form.datum.data, form.locatie.data or "",
                              form.deelnemers.data or "", form.notities.data or "", zrm,
                              afgeschermd=bool(form.afgeschermd.data),
                              afscherming_reden=form.afscherming_reden.data or "")
        if ok:
            flash("Het gesprek is vastgelegd.", "success")
            return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id) + "#gesprekken")
    return render_template("hulpvragen/gesprek_form.html", form=form, hv=hv, domeinen=domeinen)


@bp.route("/inwoner/<int:inwoner_id>/zrm")
@role_required(*CASE_ROLES)
def zrm(inwoner_id: int) -> Any:
    inwoner = get_inwoner(current_user, inwoner_id, "view_zrm_historie")
    history = ops.zrm_history(inwoner.id)
    dates = sorted({s.datum for scores in history.values() for s in scores})
    return render_template("hulpvragen/zrm.html", inwoner=inwoner, history=history, domeinen=_zrm_domeinen(),
                           dates=dates, labels=ops.ZRM_LABELS)


# ----------------------------------------------------------------------------- onderzoek and verslag

@bp.route("/<int:hulpvraag_id>/onderzoek/start", methods=["POST"])
@role_required(*CASE_ROLES)
def onderzoek_start(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="start"), "start_form",
                 lambda hv, f: ops.start_onderzoek(current_user, hv, f.datum.data),
                 "Het onderzoek is gestart.", "#onderzoek")


@bp.route("/<int:hulpvraag_id>/onderzoek", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def onderzoek(hulpvraag_id: int) -> Any:
    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag_for_edit")
    if hv.onderzoek is None:
        flash("Start eerst het onderzoek.", "error")
        return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id) + "#onderzoek")
    form = OnderzoekForm(obj=hv.onderzoek) if request.method == "GET" else OnderzoekForm()
    if form.validate_on_submit():
        secties = {name: getattr(form, name).data or "" for name, _ in ops.ONDERZOEK_SECTIES}
        ok, _ = run_operation(form, ops.save_onderzoek, current_user, hv, secties, _version(form))
        if ok:
            flash("Het onderzoek is opgeslagen.", "success")
            return redirect(url_for("hulpvragen.detail", hulpvraag_id=hv.id) + "#onderzoek")
    return render_template("hulpvragen/onderzoek_form.html", form=form, hv=hv)


@bp.route("/<int:hulpvraag_id>/onderzoek/afronden", methods=["POST"])
@role_required(*CASE_ROLES)
def onderzoek_afronden(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="afronden"), "afronden_form",
                 lambda hv, f: ops.complete_onderzoek(current_user, hv, f.datum.data),
                 "Het onderzoek is afgerond. Verstuur nu het verslag aan de inwoner.", "#onderzoek")


@bp.route("/<int:hulpvraag_id>/verslag/concept.pdf")
@role_required(*CASE_ROLES)
def verslag_concept(hulpvraag_id: int) -> Any:
    from toegang.hulpvragen.verslag import render_verslag

    hv = get_hulpvraag(current_user, hulpvraag_id, "view_verslag_concept")
    if hv.onderzoek is None:
        abort(404)
    pdf = render_verslag(hv, verzenddatum=today(), concept=True)
    return _pdf_response(pdf, "verslag-concept.pdf")


@bp.route("/<int:hulpvraag_id>/verslag/verzenden", methods=["POST"])
@role_required(*CASE_ROLES)
def verslag_verzenden(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="verslag"), "verslag_form",
                 lambda hv, f: ops.send_verslag(current_user, hv, f.datum.data),
                 "Het verslag is vastgelegd als verzonden. De PDF is bewaard.", "#onderzoek")


@bp.route("/<int:hulpvraag_id>/verslag/<int:verslag_id>.pdf")
@role_required(*CASE_ROLES)
def verslag_download(hulpvraag_id: int, verslag_id: int) -> Any:
    from toegang.letters.render import sha256_hex

    hv = get_hulpvraag(current_user, hulpvraag_id, "view_hulpvraag", audit=False)
    verslag = db.session.get(Verslag, verslag_id)
    if verslag is None or hv.onderzoek is None or verslag.onderzoek_id != hv.onderzoek.id:
        abort(404)
    if verslag.vernietigd_at is not None:
        return render_template("errors/generic.html", code=410, message=(
            "Dit verslag is na de bewaartermijn vernietigd; alleen het controlegetal (SHA-256) is bewaard.")), 410
    if sha256_hex(verslag.pdf) != verslag.sha256:
        record("download_verslag", object_type="verslag", object_id=verslag.id, inwoner_id=hv.inwoner_id,
               gemeente_id=hv.gemeente_id, result=AuditResult.REFUSED, reason="hash klopt niet")
        return render_template("errors/generic.html", code=409, message=(
            "Het bewaarde verslag is beschadigd: het controlegetal klopt niet. Het is niet geopend. "
            "Meld dit bij de functioneel beheerder.")), 409
    record("download_verslag", object_type="verslag", object_id=verslag.id, inwoner_id=hv.inwoner_id,
           gemeente_id=hv.gemeente_id)
    return _pdf_response(verslag.pdf, f"verslag-{verslag.verzonden_op.isoformat()}.pdf")


def _pdf_response(pdf: bytes, filename: str) -> Response:
    resp = Response(pdf, mimetype="application/pdf")
    resp.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return resp


# ----------------------------------------------------------------------------- aanvraag, terms, closing

@bp.route("/<int:hulpvraag_id>/persoonlijk-plan", methods=["POST"])
@role_required(*CASE_ROLES)
def persoonlijk_plan(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="plan"), "plan_form",
                 lambda hv, f: ops.record_persoonlijk_plan(current_user, hv, f.datum.data),
                 "De ontvangst van het persoonlijk plan is vastgelegd.", "#wmo")


@bp.route("/<int:hulpvraag_id>/clientondersteuning", methods=["POST"])
@role_required(*CASE_ROLES)
def clientondersteuning(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="co"), "co_form",
                 lambda hv, f: ops.record_clientondersteuning(current_user, hv, f.datum.data),
                 "Vastgelegd dat cliëntondersteuning is aangeboden.", "#wmo")


@bp.route("/<int:hulpvraag_id>/aanvraag", methods=["POST"])
@role_required(*CASE_ROLES)
def aanvraag(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, DatumForm(prefix="aanvraag"), "aanvraag_form",
                 lambda hv, f: ops.record_aanvraag(current_user, hv, f.datum.data),
                 "De aanvraag is vastgelegd. De beslistermijn loopt.", "#termijnen")


@bp.route("/<int:hulpvraag_id>/opschorting", methods=["POST"])
@role_required(*CASE_ROLES)
def opschorting(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, OpschortingForm(prefix="opschorting"), "opschorting_form",
                 lambda hv, f: ops.add_opschorting(current_user, hv, f.start.data, f.eind.data, f.reden.data or ""),
                 "De opschorting is vastgelegd.", "#termijnen")


@bp.route("/<int:hulpvraag_id>/opschorting/einde", methods=["POST"])
@role_required(*CASE_ROLES)
def opschorting_einde(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, OpschortingEindeForm(prefix="opschortingeinde"), "opschorting_einde_form",
                 lambda hv, f: ops.end_opschorting(current_user, hv, f.eind.data),
                 "De opschorting is beëindigd; de termijn loopt weer.", "#termijnen")


@bp.route("/<int:hulpvraag_id>/verdaging", methods=["POST"])
@role_required(*CASE_ROLES)
def verdaging(hulpvraag_id: int) -> Any:
    return _post(hulpvraag_id, VerdagingForm(prefix="verdaging"), "verdaging_form",
                 lambda hv, f: ops.add_verdaging(current_user, hv, f.mededeling_datum.data, f.nieuwe_datum.data,
                                                 f.reden.data or ""),
                 "De verdaging is vastgelegd.", "#termijnen")


@bp.route("/<int:hulpvraag_id>/afsluiten", methods=["POST"])
@role_required(*CASE_ROLES)
def afsluiten(hulpvraag_id: int) -> Any:
    form = AfsluitenForm(prefix="afsluiten")
    return _post(hulpvraag_id, form, "afsluiten_form",
                 lambda hv, f: ops.close(current_user, hv, Afsluitreden(f.reden.data), f.datum.data,
                                         f.tevredenheid.data, _version(f)),
                 "De hulpvraag is afgesloten.")
