"""Publishing kader versions, recording the path, the hard rules for indicaties and beschikkingen,
and the motivering.

Which kader applies: a new path version is judged by the gemeente's kader in force on the day it
is saved (latest ``ingangsdatum`` not after today, then highest ``versie``). Every path version
names its kader, and every indicatie names the path version it was proposed under, so publishing
a new kader never changes a decision already taken.

When the path freezes: as soon as a decision is taken on the hulpvraag — an indicatie of it is
approved by a teamleider (goedgekeurd), beschikt or beëindigd, or any beschikking of it has been
issued (vastgelegd). The teamleider approved on the path as it stood, and the letter quotes it;
after that an edit is refused. (An edit of an approved indicatie voids the approval and so lifts
the freeze again, which is exactly the four-eyes rule.)
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from toegang.accounts.roles import Role
from toegang.afweging import kader as K
from toegang.afweging import motivering as M
from toegang.afweging import rules as R
from toegang.afweging.models import Afweging, Afwegingskader, Uitkomst
from toegang.audit.operations import record
from toegang.catalogus.models import Product, ReferenceCode
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.inwoners.models import Inwoner
from toegang.inwoners.operations import today
from toegang.security import require_gemeente, require_roles

ALGEMENE_LIJST = "algemene_voorziening"


# ----------------------------------------------------------------------------- kader versions

def kader_in_force(gemeente_id: int, on: date) -> Afwegingskader | None:
    return db.session.scalar(
        sa.select(Afwegingskader).where(Afwegingskader.gemeente_id == gemeente_id,
                                        Afwegingskader.ingangsdatum <= on)
        .order_by(Afwegingskader.ingangsdatum.desc(), Afwegingskader.versie.desc()).limit(1))


def kader_versions(gemeente_id: int) -> list[Afwegingskader]:
    return list(db.session.scalars(sa.select(Afwegingskader).where(Afwegingskader.gemeente_id == gemeente_id)
                                   .order_by(Afwegingskader.versie.desc())))


def _productcodes() -> set[str]:
    return set(db.session.scalars(sa.select(Product.productcode).where(Product.active)))


def parse_inhoud(text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text or "")
    except json.JSONDecodeError as exc:
        raise DomainError(f"Het kader is geen geldige JSON: regel {exc.lineno}, kolom {exc.colno} "
                          f"({exc.msg}).", K.FIELD) from None
    return K.validate(doc, _productcodes())


def publish_kader(actor: Any, gemeente_id: int, ingangsdatum: date | None, inhoud: str | dict[str, Any],
                  toelichting: str) -> Afwegingskader:
    """A new, immutable version for one gemeente; earlier versions and their decisions stay."""
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "publish_afwegingskader", object_type="gemeente",
                  object_id=gemeente_id)
    require_gemeente(actor, gemeente_id, "publish_afwegingskader", object_type="gemeente", object_id=gemeente_id)
    if ingangsdatum is None:
        raise DomainError("Vul de ingangsdatum in.", "ingangsdatum")
    if not toelichting.strip():
        raise DomainError("Leg uit wat er verandert in deze versie.", "toelichting")
    doc = parse_inhoud(inhoud) if isinstance(inhoud, str) else K.validate(inhoud, _productcodes())
    # Two beheerders publishing at once: the gemeente row serialises them, so versions never collide.
    db.session.execute(sa.select(Gemeente.id).where(Gemeente.id == gemeente_id).with_for_update())
    last = kader_versions(gemeente_id)
    if last and ingangsdatum < max(v.ingangsdatum for v in last):
        raise DomainError("De ingangsdatum ligt vóór die van een eerdere versie. Kies dezelfde of een latere datum.",
                          "ingangsdatum")
    versie = (last[0].versie if last else 0) + 1
    k = Afwegingskader(gemeente_id=gemeente_id, versie=versie, ingangsdatum=ingangsdatum, inhoud=doc,
                       toelichting=toelichting.strip(), published_at=utcnow(),
                       published_by_id=getattr(actor, "id", None))
    db.session.add(k)
    db.session.flush()
    record("publish_afwegingskader", object_type="afwegingskader", object_id=k.id, gemeente_id=gemeente_id,
           details={"versie": versie, "ingangsdatum": ingangsdatum.isoformat()})
    return k


def standaard_kader_for(gemeente: Gemeente) -> dict[str, Any]:
    """The shipped default; Zuiderveen (9992) exempts residents of 90 and older from the normenkader."""
    doc = K.standaard()
    if gemeente.code == "9992":
        doc["normenkader"]["vrijstelling_vanaf_leeftijd"] = 90
    return doc


def seed_kaders(ingangsdatum: date = date(2026, 1, 1)) -> None:
    """Version 1 of the default kader for every gemeente that has none (demo data and tests)."""
    have = set(db.session.scalars(sa.select(Afwegingskader.gemeente_id)))
    codes = _productcodes()
    for g in db.session.scalars(sa.select(Gemeente).order_by(Gemeente.id)):
        if g.id in have:
            continue
        doc = K.validate(standaard_kader_for(g), codes)
        db.session.add(Afwegingskader(gemeente_id=g.id, versie=1, ingangsdatum=ingangsdatum, inhoud=doc,
                                      toelichting="Eerste versie: het standaard afwegingskader.",
                                      published_at=utcnow()))
    db.session.flush()


# ----------------------------------------------------------------------------- the path

#: The consultant's path as entered on the form: a :class:`rules.Pad` before normalisation
#: (``record_pad`` trims the texts and empties missing lists).
PadInvoer = R.Pad


def _persoon(inw: Inwoner) -> R.Persoon:
    return R.Persoon(geboortedatum=inw.geboortedatum, wlz_indicatie=inw.wlz_indicatie, wlz_datum=inw.wlz_datum)


def _product_info() -> dict[str, R.ProductInfo]:
    return {p.productcode: R.ProductInfo(p.productcode, p.wet, p.productcategorie, p.naam)
            for p in db.session.scalars(sa.select(Product).where(Product.active))}


def algemene_voorzieningen() -> dict[str, str]:
    """The algemene voorzieningen as kept in the catalogus (code list ``algemene_voorziening``)."""
    rows = db.session.scalars(sa.select(ReferenceCode).where(ReferenceCode.list_name == ALGEMENE_LIJST,
                                                             ReferenceCode.active)
                              .order_by(ReferenceCode.sort_order))
    return {r.code: r.label for r in rows}


def as_pad(a: Afweging) -> R.Pad:
    nk = a.normenkader or {}
    return R.Pad(antwoorden=a.antwoorden, uitkomst=a.uitkomst.value, voorliggend_code=a.voorliggend_code,
                 algemeen_code=a.algemeen_code, behoefte_code=a.behoefte_code, band=a.band,
                 producten=list(a.producten or []), normenkader_activiteiten=list(nk.get("activiteiten", [])),
                 normenkader_toeslagen=list(nk.get("toeslagen", [])), afwijzing_reden=a.afwijzing_reden,
                 toekomstplan=a.toekomstplan, toelichting=a.toelichting)


def current(hv: Hulpvraag, *, with_document: bool = True) -> Afweging | None:
    """The latest recorded path. ``with_document=False`` leaves the kader's (large) JSON document
    unloaded until asked for: a summary that names the kader's version needs only that."""
    stmt = sa.select(Afweging).where(Afweging.hulpvraag_id == hv.id).order_by(Afweging.versie.desc()).limit(1)
    if not with_document:
        stmt = stmt.options(joinedload(Afweging.kader).defer(Afwegingskader.inhoud))
    return db.session.scalar(stmt)


def history(hv: Hulpvraag) -> list[Afweging]:
    return list(db.session.scalars(sa.select(Afweging).where(Afweging.hulpvraag_id == hv.id)
                                   .order_by(Afweging.versie.desc())))


def frozen_reason(hv: Hulpvraag) -> str | None:
    """Why the path may no longer change (None: it may)."""
    from toegang.beschikkingen.models import Beschikking, BeschikkingStatus
    from toegang.indicaties.models import Indicatie, IndicatieStatus

    decided = db.session.scalar(sa.select(sa.func.count()).select_from(Indicatie).where(
        Indicatie.hulpvraag_id == hv.id,
        Indicatie.status.in_([IndicatieStatus.GOEDGEKEURD, IndicatieStatus.BESCHIKT, IndicatieStatus.BEEINDIGD])))
    if decided:
        return ("Over deze hulpvraag is al besloten: een indicatie is goedgekeurd of beschikt. De afweging ligt "
                "daarmee vast en kan niet meer worden gewijzigd.")
    issued = db.session.scalar(sa.select(sa.func.count()).select_from(Beschikking).where(
        Beschikking.hulpvraag_id == hv.id, Beschikking.status == BeschikkingStatus.VASTGELEGD))
    if issued:
        return ("Over deze hulpvraag is al een beschikking vastgelegd. De afweging ligt daarmee vast en kan niet "
                "meer worden gewijzigd.")
    return None


def _guard(actor: Any, hv: Hulpvraag, action: str) -> None:
    require_roles(actor, (Role.CONSULENT,), action, object_type="hulpvraag", object_id=hv.id,
                  inwoner_id=hv.inwoner_id)
    require_gemeente(actor, hv.gemeente_id, action, object_type="hulpvraag", object_id=hv.id,
                     inwoner_id=hv.inwoner_id)


def _normenkader(doc: dict[str, Any], pad: R.Pad, inw: Inwoner, op: date) -> dict[str, Any] | None:
    b = K.behoefte(doc, pad.behoefte_code)
    if pad.uitkomst != "maatwerk" or b is None or not b.get("normenkader"):
        return None
    leeftijd = inw.leeftijd_op(op)
    if K.normenkader_vrijgesteld(doc, leeftijd):
        return {"vrijgesteld": True, "leeftijd": leeftijd}
    return {"activiteiten": pad.normenkader_activiteiten, "toeslagen": pad.normenkader_toeslagen,
            "minuten": K.normenkader_minuten(doc, pad.normenkader_activiteiten, pad.normenkader_toeslagen)}


def record_pad(actor: Any, hv: Hulpvraag, invoer: PadInvoer) -> Afweging:
    """Save the path as a new version, judged by the kader in force today."""
    _guard(actor, hv, "record_afweging")
    if hv.status is HulpvraagStatus.AFGESLOTEN:
        raise DomainError("Deze hulpvraag is afgesloten; de afweging kan niet meer worden gewijzigd.")
    reason = frozen_reason(hv)
    if reason:
        raise DomainError(reason)
    vandaag = today()
    k = kader_in_force(hv.gemeente_id, vandaag)
    if k is None:
        raise DomainError("Voor deze gemeente is nog geen afwegingskader gepubliceerd. Vraag de functioneel "
                          "beheerder om het kader te publiceren.")
    antwoorden = {s: {"antwoord": (invoer.antwoorden.get(s) or {}).get("antwoord") or None,
                      "toelichting": ((invoer.antwoorden.get(s) or {}).get("toelichting") or "").strip()}
                  for s in K.STAPPEN}
    pad = R.Pad(antwoorden=antwoorden, uitkomst=invoer.uitkomst or "", voorliggend_code=invoer.voorliggend_code
                or None, algemeen_code=invoer.algemeen_code or None, behoefte_code=invoer.behoefte_code or None,
                band=invoer.band or None, producten=list(invoer.producten or []),
                normenkader_activiteiten=list(invoer.normenkader_activiteiten or []),
                normenkader_toeslagen=list(invoer.normenkader_toeslagen or []),
                afwijzing_reden=invoer.afwijzing_reden.strip(), toekomstplan=invoer.toekomstplan.strip(),
                toelichting=invoer.toelichting.strip())
    R.check_pad(k.inhoud, pad, wetten=hv.wetten, persoon=_persoon(hv.inwoner), op=vandaag,
                producten=_product_info(), algemene=algemene_voorzieningen())
    maatwerk = pad.uitkomst == "maatwerk"
    last = current(hv)
    a = Afweging(
        hulpvraag_id=hv.id, versie=(last.versie if last else 0) + 1, kader_id=k.id, antwoorden=antwoorden,
        uitkomst=Uitkomst(pad.uitkomst),
        voorliggend_code=pad.voorliggend_code if pad.uitkomst == "doorverwezen" else None,
        algemeen_code=pad.algemeen_code if pad.uitkomst == "algemeen" else None,
        behoefte_code=pad.behoefte_code, band=pad.band if maatwerk else None,
        producten=pad.producten if maatwerk else [], normenkader=_normenkader(k.inhoud, pad, hv.inwoner, vandaag),
        afwijzing_reden=pad.afwijzing_reden if pad.uitkomst == "afwijzing" else "",
        toekomstplan=pad.toekomstplan, toelichting=pad.toelichting, created_by_id=actor.id, created_at=utcnow())
    db.session.add(a)
    db.session.flush()
    record("record_afweging", object_type="afweging", object_id=a.id, inwoner_id=hv.inwoner_id,
           gemeente_id=hv.gemeente_id, details={"hulpvraag_id": hv.id, "versie": a.versie, "kader_versie": k.versie,
                                                "uitkomst": a.uitkomst.value})
    return a


# ----------------------------------------------------------------------------- motivering

def motivering(a: Afweging) -> str:
    doc = a.kader.inhoud
    nk = a.normenkader or {}
    names = {p.productcode: p.naam for p in db.session.scalars(
        sa.select(Product).where(Product.productcode.in_(list(a.producten or []) or [""])))}
    return M.render(doc, as_pad(a), product_namen=names, algemene=algemene_voorzieningen(),
                    normenkader_minuten=nk.get("minuten"),
                    vrijstelling_leeftijd=nk.get("leeftijd") if nk.get("vrijgesteld") else None)


def motivering_for_hulpvraag(hv: Hulpvraag) -> str:
    """The motivering of the hulpvraag's current path ('' when none is recorded). The beschikking
    form is prefilled with exactly this text."""
    a = current(hv)
    return motivering(a) if a is not None else ""


# ----------------------------------------------------------------------------- for indicaties and beschikkingen

def check_voorstel(hv: Hulpvraag, *, wet: str, productcategorie: str, productcode: str | None, volume: Decimal,
                   frequentie: str, ingangsdatum: date, einddatum: date | None,
                   afwijking_reden: str) -> Afweging | None:
    """Called by the indicatie operations before anything is written.

    Raises a DomainError with the explanation when a hard rule blocks the indicatie, and one on
    the ``afwijking_reden`` field when it deviates from the band without a written reason.
    Returns the path version the indicatie is proposed under (to pin on the indicatie).
    """
    a = current(hv)
    k = a.kader if a is not None else kader_in_force(hv.gemeente_id, today())
    if k is None:
        raise DomainError("Voor deze gemeente is nog geen afwegingskader gepubliceerd. Vraag de functioneel "
                          "beheerder om het kader te publiceren.")
    pad = as_pad(a) if a is not None else None
    problems = R.indicatie_problems(k.inhoud, pad, _persoon(hv.inwoner), wet, productcategorie, ingangsdatum,
                                    einddatum)
    if problems:
        raise DomainError(" ".join(problems))
    nk = (a.normenkader or {}) if a is not None else {}
    found = R.afwijkingen(k.inhoud, pad, nk.get("minuten"), productcode, volume, frequentie, ingangsdatum,
                          einddatum)
    if found and not afwijking_reden.strip():
        raise DomainError("U wijkt af van het afwegingskader: " + " ".join(found)
                          + " Dat mag, maar schrijf op waarom. Een afwijking krijgt altijd een vier-ogentoets.",
                          "afwijking_reden")
    return a


def advies(a: Afweging | None) -> list[dict[str, Any]]:
    """The band's advised products and ranges for the path (for the indicatie form)."""
    if a is None or a.uitkomst is not Uitkomst.MAATWERK:
        return []
    rows = []
    for spec in K.band_producten(a.kader.inhoud, a.behoefte_code, a.band):
        rows.append({"code": spec["code"], "range": K.range_text(spec)})
    return rows


def indicatie_problems(ind: Any) -> list[str]:
    """Hard-rule problems of an indicatie now (for the beschikking): judged by the current path and
    its kader version, with the resident's current Wlz status."""
    hv = ind.hulpvraag
    a = current(hv)
    if a is None:
        k = kader_in_force(hv.gemeente_id, today())
        if k is None:
            return ["Er is geen afwegingskader gepubliceerd voor deze gemeente."]
        doc, pad = k.inhoud, None
    else:
        doc, pad = a.kader.inhoud, as_pad(a)
    problems = R.indicatie_problems(doc, pad, _persoon(hv.inwoner), ind.wet, ind.productcategorie,
                                    ind.ingangsdatum, ind.einddatum)
    if a is not None and getattr(ind, "afweging_id", None) not in (None, a.id) and not problems:
        problems.append("De afweging is gewijzigd nadat deze indicatie is voorgesteld. Sla de indicatie opnieuw op, "
                        "zodat zij bij de huidige afweging hoort.")
    return problems
