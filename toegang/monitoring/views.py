"""Monitoring pages: the beleidsmedewerker's dashboard with CSV downloads, the functioneel
beheerder's API tokens, and the read-only JSON API for the municipality's BI system.

Everything shown or sent is a published value from :mod:`report` (through disclosure control);
nothing here names or links to a person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import Role
from toegang.audit.operations import record
from toegang.catalogus.models import Wijk
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.inwoners.operations import today
from toegang.monitoring import api_bp, bp, charts, export, report, tokens
from toegang.monitoring import queries as q
from toegang.monitoring.disclosure import Regels
from toegang.monitoring.forms import FilterForm, TokenForm
from toegang.security import require_gemeente, role_required
from toegang.web import run_operation

TREND_PERIODEN = 6
KEUZE_PERIODEN = 8


# ----------------------------------------------------------------------------- dashboard

def _wijken(gemeente_id: int) -> list[Wijk]:
    return list(db.session.scalars(sa.select(Wijk).where(Wijk.gemeente_id == gemeente_id).order_by(Wijk.naam)))


def _recent(soort: str, n: int) -> list[report.Periode]:
    p = report.containing(today(), soort)
    out = [p]
    while len(out) < n:
        p = report.previous(p)
        out.append(p)
    return out


def _filters() -> dict[str, Any]:
    """Parse and check the dashboard's filters (query string): gemeente, period, wet, wijk."""
    form = FilterForm(request.args)
    gemeenten = sorted(current_user.gemeenten, key=lambda x: x.naam)
    form.gemeente.choices = [(x.code, x.naam) for x in gemeenten]
    code = request.args.get("gemeente") or (gemeenten[0].code if gemeenten else None)
    gemeente = next((x for x in gemeenten if x.code == code), None)
    if gemeente is None:
        other = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == code)) if code else None
        require_gemeente(current_user, other, "view:monitoring")
    assert gemeente is not None
    require_gemeente(current_user, gemeente.id, "view:monitoring")
    form.gemeente.data = gemeente.code
    soort = request.args.get("soort") if request.args.get("soort") in report.PERIODE_SOORTEN else "kwartaal"
    form.soort.data = soort
    options = _recent(soort, KEUZE_PERIODEN)
    form.periode.choices = [(p.start.isoformat(), p.label) for p in options]
    periode = next((p for p in options if p.start.isoformat() == request.args.get("periode")), options[0])
    form.periode.data = periode.start.isoformat()
    wet = request.args.get("wet") if request.args.get("wet") in ("WMO", "JW", "PW") else None
    form.wet.data = wet or ""
    wijken = _wijken(gemeente.id)
    form.wijk.choices = [("", "Alle wijken")] + [(w.code, w.naam) for w in wijken]
    wijk = next((w for w in wijken if w.code == request.args.get("wijk")), None)
    form.wijk.data = wijk.code if wijk else ""
    return {"form": form, "gemeente": gemeente, "periode": periode, "wet": wet, "wijk": wijk,
            "bron": q.Bron((gemeente.id,), wet=wet, wijk_id=wijk.id if wijk else None),
            "params": {"gemeente": gemeente.code, "soort": soort, "periode": periode.start.isoformat(),
                       "wet": wet or "", "wijk": wijk.code if wijk else ""}}


def _rules() -> tuple[Regels, float, float]:
    cfg = current_app.config
    return (Regels.from_config(cfg), float(cfg["MONITORING_TEVREDENHEID_DOEL"]),
            float(cfg["MONITORING_RICHTING_DREMPEL"]))


def _period_report(f: dict[str, Any]) -> report.PeriodeRapport:
    rules, doel, drempel = _rules()
    pr = report.period_report(f["bron"], f["periode"], rules, doel)
    pr.richtingen = report.directions(pr.kern, report.headline(f["bron"], report.previous(f["periode"]), rules),
                                      drempel)
    return pr


def _audit_view(action: str, f: dict[str, Any], **extra: Any) -> None:
    record(action, object_type="gemeente", object_id=f["gemeente"].id, gemeente_id=f["gemeente"].id,
           details={**f["params"], **extra})


@bp.route("/")
@role_required(Role.BELEIDSMEDEWERKER)
def dashboard() -> Any:
    f = _filters()
    rules, _, _ = _rules()
    trend_periods = [f["periode"]]
    while len(trend_periods) < TREND_PERIODEN:
        trend_periods.insert(0, report.previous(trend_periods[0]))
    with q.materialized(f["bron"], report.previous(trend_periods[0]).start, f["periode"].end):
        pr = _period_report(f)
        trend = [(p.label, report.headline(f["bron"], p, rules) if p != f["periode"] else pr.kern)
                 for p in trend_periods]
    grafieken = [
        charts.bar_chart("Cliënten met een indicatie op de peildatum, per periode",
                         [(label, kern["bereik_stand"]) for label, kern in trend], "grafiek-bereik"),
        charts.bar_chart("Verwachte kosten per periode (euro)",
                         [(label, kern["kosten_verwacht"]) for label, kern in trend], "grafiek-kosten"),
    ]
    _audit_view("view_monitoring", f)
    return render_template("monitoring/dashboard.html", form=f["form"], gemeente=f["gemeente"], pr=pr,
                           richting={r.id: r for r in pr.richtingen}, grafieken=grafieken, params=f["params"],
                           doel=current_app.config["MONITORING_TEVREDENHEID_DOEL"])


@bp.route("/download.csv")
@role_required(Role.BELEIDSMEDEWERKER)
def download() -> Any:
    f = _filters()
    pr = _period_report(f)
    tabel_id = request.args.get("tabel", "alles")
    if tabel_id == "alles":
        rules, _, _ = _rules()
        rapport = report.Rapport(f["gemeente"].code, f["gemeente"].naam, f["periode"].soort, f["periode"].start,
                                 f["periode"].end, rules, {"wet": f["wet"]}, {}, [pr])
        body, name = export.report_csv(rapport), f"monitoring-{f['gemeente'].code}-{pr.periode.label}.csv"
    else:
        tabel = next((t for t in pr.tabellen if t.id == tabel_id), None)
        if tabel is None:
            return render_template("errors/404.html", code=404, message=None), 404
        body, name = export.table_csv(tabel), f"{tabel.id}-{f['gemeente'].code}-{pr.periode.label}.csv"
    _audit_view("download_monitoring", f, tabel=tabel_id)
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ----------------------------------------------------------------------------- API tokens (beheer)

@bp.route("/tokens", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def tokens_page() -> Any:
    form = TokenForm()
    gemeenten = sorted(current_user.gemeenten, key=lambda x: x.naam)
    form.gemeente_id.choices = [(x.id, x.naam) for x in gemeenten]
    nieuw = None
    if form.validate_on_submit():
        ok, result = run_operation(form, tokens.issue, current_user, form.naam.data or "", form.gemeente_id.data)
        if ok and result is not None:
            nieuw = result[1]
            form = TokenForm(formdata=None)
            form.gemeente_id.choices = [(x.id, x.naam) for x in gemeenten]
    status = 422 if form.errors or form.form_errors else 200
    return render_template("monitoring/tokens.html", form=form, tokens=tokens.tokens_for(current_user),
                           nieuw=nieuw, gemeenten={x.id: x.naam for x in gemeenten}), status


@bp.route("/tokens/<int:token_id>/intrekken", methods=["POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def token_revoke(token_id: int) -> Any:
    from toegang.forms import EmptyForm

    if EmptyForm().validate_on_submit():
        tokens.revoke(current_user, token_id)
        flash("Het token is ingetrokken. Het BI-systeem kan er niet meer mee inloggen.", "success")
    return redirect(url_for("monitoring.tokens_page"))


# ----------------------------------------------------------------------------- the JSON API

def _api_error(status: int, message: str) -> Any:
    resp = jsonify({"fout": message})
    resp.status_code = status
    if status == 401:
        resp.headers["WWW-Authenticate"] = 'Bearer realm="monitoring"'
    return resp


@api_bp.before_request
def _token_auth() -> Any:
    row = tokens.authenticate(request.headers.get("Authorization"), f"api:{request.endpoint}")
    if row is None:
        return _api_error(401, "Geen geldig API-token. Gebruik 'Authorization: Bearer <token>'.")
    g.api_token = row
    return None


def _api_gemeente() -> Gemeente:
    gemeente = db.session.get(Gemeente, g.api_token.gemeente_id)
    assert gemeente is not None
    return gemeente


def _date_arg(name: str, default: date) -> date:
    raw = request.args.get(name)
    return date.fromisoformat(raw) if raw else default


@api_bp.route("/")
def api_index() -> Any:
    gemeente = _api_gemeente()
    tokens.audit_use(g.api_token, "api_monitoring", {"endpoint": "index"})
    return jsonify({"gemeente": {"code": gemeente.code, "naam": gemeente.naam},
                    "endpoints": {"rapport": url_for("monitoring_api.api_rapport"),
                                  "kern": url_for("monitoring_api.api_kern")},
                    "parameters": {"van": "JJJJ-MM-DD", "tot": "JJJJ-MM-DD",
                                   "periode": list(report.PERIODE_SOORTEN), "wet": ["WMO", "JW", "PW"],
                                   "wijk": "wijkcode"},
                    "schema": "docs/monitoring-export.md"})


def _api_filters() -> tuple[str | None, int | None]:
    wet = request.args.get("wet") or None
    if wet is not None and wet not in ("WMO", "JW", "PW"):
        raise ValueError("wet is WMO, JW of PW")
    wijk_code = request.args.get("wijk") or None
    wijk_id = None
    if wijk_code:
        wijk_id = db.session.scalar(sa.select(Wijk.id).where(Wijk.gemeente_id == g.api_token.gemeente_id,
                                                             Wijk.code == wijk_code))
        if wijk_id is None:
            raise ValueError("onbekende wijk")
    return wet, wijk_id


@api_bp.route("/rapport")
def api_rapport() -> Any:
    """The full report (the export's JSON) for ?van=&tot=&periode=[&wet=&wijk=]."""
    gemeente = _api_gemeente()
    try:
        soort = report.PERIODE_ALIASES.get(request.args.get("periode", "kwartaal"),
                                           request.args.get("periode", "kwartaal"))
        tot = _date_arg("tot", today())
        van = _date_arg("van", report.containing(tot, soort if soort in report.PERIODE_SOORTEN else "jaar").start)
        wet, wijk_id = _api_filters()
        if len(report.periods(van, tot, soort)) > 60:
            raise ValueError("te veel perioden (maximaal 60)")
    except ValueError as err:
        tokens.audit_use(g.api_token, "api_monitoring", {"endpoint": "rapport", "fout": str(err)[:200]})
        return _api_error(400, f"Ongeldige parameter: {err}")
    rapport = report.build(gemeente, van, tot, soort, current_app.config, wet=wet, wijk_id=wijk_id)
    tokens.audit_use(g.api_token, "api_monitoring", {"endpoint": "rapport", "van": van.isoformat(),
                                                      "tot": tot.isoformat(), "periode": soort, "wet": wet,
                                                      "wijk_id": wijk_id})
    return jsonify(export.report_json(rapport))


@api_bp.route("/kern")
def api_kern() -> Any:
    """The headline indicators with their direction, for the period containing ?peildatum."""
    gemeente = _api_gemeente()
    try:
        soort = request.args.get("periode", "kwartaal")
        soort = report.PERIODE_ALIASES.get(soort, soort)
        if soort not in report.PERIODE_SOORTEN:
            raise ValueError("onbekende periode")
        p = report.containing(_date_arg("peildatum", today()), soort)
        wet, wijk_id = _api_filters()
    except ValueError as err:
        tokens.audit_use(g.api_token, "api_monitoring", {"endpoint": "kern", "fout": str(err)[:200]})
        return _api_error(400, f"Ongeldige parameter: {err}")
    rules, _, drempel = _rules()
    bron = q.Bron((gemeente.id,), wet=wet, wijk_id=wijk_id)
    now, before = report.headline(bron, p, rules), report.headline(bron, report.previous(p), rules)
    tokens.audit_use(g.api_token, "api_monitoring", {"endpoint": "kern", "periode": p.label, "wet": wet,
                                                      "wijk_id": wijk_id})
    return jsonify({
        "gemeente": {"code": gemeente.code, "naam": gemeente.naam}, "periode": p.label,
        "van": p.start.isoformat(), "tot": p.end.isoformat(), "onthullingscontrole": rules.as_metadata(),
        "indicatoren": [{"id": r.id, "titel": r.titel, "soort": r.soort, "waarde": r.waarde.to_json(),
                         "vorige": r.vorige.to_json(), "verschil": r.verschil, "richting": r.richting}
                        for r in report.directions(now, before, drempel)],
    })
