"""The verslag of the onderzoek (Wmo 2015 art. 2.3.2 lid 8): the written outcome for the resident."""

from __future__ import annotations

from datetime import date
from typing import Any

from toegang.hulpvragen.models import Hulpvraag
from toegang.letters.render import render_pdf


def ontvanger(hv: Hulpvraag) -> dict[str, Any]:
    inw = hv.inwoner
    straat = " ".join(str(p) for p in (inw.straat, inw.huisnummer or "", inw.huisnummer_toevoeging) if p)
    plaats = "  ".join(p for p in (inw.postcode, (inw.woonplaats or "").upper()) if p)
    return {"naam": inw.naam, "adres": [regel for regel in (straat, plaats) if regel]}


def render_verslag(hv: Hulpvraag, *, verzenddatum: date, concept: bool) -> bytes:
    from toegang.hulpvragen.operations import ONDERZOEK_SECTIES

    onderzoek = hv.onderzoek
    assert onderzoek is not None
    secties = [(label, getattr(onderzoek, name)) for name, label in ONDERZOEK_SECTIES
               if name != "conclusie" and getattr(onderzoek, name)]
    context = {
        "gemeente": hv.inwoner.gemeente,
        "ontvanger": ontvanger(hv),
        "datum": verzenddatum,
        "kenmerk": f"OND-{hv.id:06d}",
        "onderwerp": "Verslag van het gesprek over uw hulpvraag",
        "contactpersoon": hv.consulent.full_name,
        "hv": hv,
        "onderzoek": onderzoek,
        "secties": secties,
    }
    return render_pdf("letters/verslag.html", context, title=f"Verslag onderzoek OND-{hv.id:06d}",
                      concept=concept, subject="Verslag van het onderzoek (Wmo 2015 art. 2.3.2)")
