"""The recorded path as plain Dutch prose (taalniveau B1): the motivering of the beschikking.

Built only from the kader version's text blocks and the consultant's own words, paragraph by
paragraph (paragraphs are separated by a blank line, as the letter template expects).
"""

from __future__ import annotations

from typing import Any

from toegang.afweging import kader as K
from toegang.afweging.rules import Pad


def _zin(text: str, hoofdletter: bool = True) -> str:
    """Words as a sentence: trimmed, ending with a full stop, capitalised unless told otherwise."""
    text = " ".join(text.split())
    if not text:
        return ""
    if text[-1] not in ".!?":
        text += "."
    return text[0].upper() + text[1:] if hoofdletter else text


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _opsomming(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def render(doc: dict[str, Any], pad: Pad, *, product_namen: dict[str, str], algemene: dict[str, str],
           normenkader_minuten: int | None = None, vrijstelling_leeftijd: int | None = None) -> str:
    b = K.behoefte(doc, pad.behoefte_code)
    alineas = [_fill(doc["inleiding"], behoefte=b["naam"] if b else "uw hulpvraag")]
    for code in K.STAPPEN:
        antwoord = pad.antwoord(code)
        if antwoord is None:
            continue
        stap = K.stap(doc, code)
        delen = [f"{stap['titel']}.", stap["teksten"][antwoord], _zin(pad.reden(code))]
        alineas.append(" ".join(d for d in delen if d))
    if pad.uitkomst == "maatwerk" and b is not None and b.get("normenkader"):
        if vrijstelling_leeftijd is not None:
            alineas.append(_fill(doc["normenkader_vrijstelling_tekst"], leeftijd=str(vrijstelling_leeftijd),
                                 vanaf=str(doc["normenkader"].get("vrijstelling_vanaf_leeftijd"))))
        elif normenkader_minuten is not None:
            alineas.append(_fill(doc["normenkader_tekst"], minuten=str(normenkader_minuten),
                                 uren=K.uren_text(K.advies_uren(normenkader_minuten))))
    band = (b["banden"].get(pad.band) if b and pad.band else None) or {}
    alineas.append(_fill(
        doc["uitkomsten"][pad.uitkomst],
        voorziening=(K.voorliggende_naam(doc, pad.voorliggend_code) if pad.uitkomst == "doorverwezen"
                     else algemene.get(pad.algemeen_code or "", "")) or "",
        producten=_opsomming([product_namen.get(c, c).lower() for c in pad.producten]),
        band=K.BANDEN.get(pad.band or "", "").lower(),
        band_omschrijving=_zin(band.get("omschrijving", ""), hoofdletter=False),
        reden=_zin(pad.afwijzing_reden),
    ))
    if pad.toekomstplan.strip():
        alineas.append("Toekomstplan. " + _zin(pad.toekomstplan))
    if pad.toelichting.strip():
        alineas.append(_zin(pad.toelichting))
    return "\n\n".join(a.strip() for a in alineas if a.strip())
