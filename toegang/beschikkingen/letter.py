"""The beschikking letter: its content (Awb 3:45-3:47, Wmo 2015, Jeugdwet, Participatiewet) as plain
data for the template, rendered to PDF by the one letter renderer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app

from toegang.beschikkingen.models import Beschikking, BeschikkingSoort
from toegang.beschikkingen.omvang import omvang_in_woorden
from toegang.hulpvragen.verslag import ontvanger
from toegang.inwoners.operations import today
from toegang.letters.render import render_pdf

WETTELIJKE_GRONDSLAG = {
    "WMO": "de Wet maatschappelijke ondersteuning 2015 (artikel 2.3.5)",
    "JW": "de Jeugdwet (artikel 2.3)",
    "PW": "de Participatiewet (artikel 7)",
}


def _regels(b: Beschikking) -> list[dict[str, Any]]:
    rows = []
    for ind in b.indicaties:
        rows.append({
            "naam": ind.naam,
            "code": ind.product.productcode if ind.product else "",
            "omvang": omvang_in_woorden(ind.volume, ind.eenheid, ind.frequentie),
            "ingangsdatum": ind.ingangsdatum,
            "einddatum": ind.einddatum,
            "leveringsvorm": ind.leveringsvorm.label,
            "aanbieder": ind.aanbieder.naam if ind.aanbieder else None,
            "pgb": ind.pgb_budget_cents,
            "doelen": ind.doelen,
            "wet": ind.wet,
        })
    return rows


def letter_context(b: Beschikking, *, concept: bool) -> dict[str, Any]:
    hv = b.hulpvraag
    gemeente = hv.inwoner.gemeente
    wetten = sorted({i.wet for i in b.indicaties} or set(hv.wetten))
    verzenddatum = b.verzenddatum or today()
    verordeningen = [v for v in (gemeente.verordening_wmo if "WMO" in wetten else "",
                                 gemeente.verordening_jeugd if "JW" in wetten else "",
                                 gemeente.verordening_participatie if "PW" in wetten else "") if v]
    return {
        "gemeente": gemeente,
        "ontvanger": ontvanger(hv),
        "datum": verzenddatum,
        "kenmerk": b.kenmerk or "CONCEPT",
        "onderwerp": b.onderwerp,
        "contactpersoon": hv.consulent.full_name,
        "b": b,
        "hv": hv,
        "soort": b.soort.value,
        "regels": _regels(b),
        "grondslagen": [WETTELIJKE_GRONDSLAG[w] for w in wetten],
        "verordeningen": verordeningen,
        "eigen_bijdrage": "WMO" in wetten and b.soort in (BeschikkingSoort.TOEKENNING,
                                                         BeschikkingSoort.GEDEELTELIJKE_TOEKENNING,
                                                         BeschikkingSoort.WIJZIGING),
        "abonnementstarief_cents": current_app.config["CAK_ABONNEMENTSTARIEF_CENTS"],
        "heeft_pgb": any(i.leveringsvorm.value == "PGB" for i in b.indicaties),
        "bezwaar_tot": verzenddatum + timedelta(weeks=6),
        "vandaag": date.today(),
    }


def render_beschikking(b: Beschikking, *, concept: bool) -> bytes:
    context = letter_context(b, concept=concept)
    title = f"Beschikking {b.kenmerk or 'concept'} – {b.soort.label}"
    return render_pdf("letters/beschikking.html", context, title=title, concept=concept,
                      subject=f"{b.onderwerp} (kenmerk {b.kenmerk or 'CONCEPT'})")
