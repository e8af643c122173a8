"""Demo: the default kader for every gemeente, and a recorded path for the demo cases that have an
aanvraag, through the real operation as their consultant. Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from toegang.afweging import operations as ops
from toegang.afweging.models import Afweging
from toegang.audit.operations import acting_as
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus

_NIET = "niet_toereikend"


def _stappen(*redenen: str, algemeen: str = _NIET) -> dict[str, dict[str, str]]:
    antwoorden = (_NIET, _NIET, "niet_van_toepassing", algemeen)
    return {s: {"antwoord": a, "toelichting": r} for s, a, r in
            zip(("eigen_kracht", "netwerk", "voorliggend", "algemeen"), antwoorden, redenen, strict=True)}


def _invoer(hv: Hulpvraag) -> ops.PadInvoer:
    if "WMO" in hv.wetten and hv.id % 3 == 0:
        return ops.PadInvoer(
            antwoorden=_stappen("Kan door de beperking niet zwaar schoonmaken", "De kinderen wonen ver weg",
                                "Geen Wlz-indicatie; de zorgverzekering vergoedt geen huishoudelijke hulp",
                                "De ouderenadviseur denkt mee, maar neemt het werk niet over"),
            uitkomst="maatwerk", behoefte_code="huishouden", band="midden", producten=["01A01"],
            normenkader_activiteiten=["zwaar_poetsen", "wasverzorging", "bedden"])
    if "WMO" in hv.wetten:
        return ops.PadInvoer(
            antwoorden=_stappen("Redt zich thuis, maar komt de dag niet goed door", "Weinig contacten",
                                "Geen indicatie voor andere zorg", "", algemeen="toereikend"),
            uitkomst="algemeen", algemeen_code="AV01", behoefte_code="dagbesteding")
    if "JW" in hv.wetten:
        return ops.PadInvoer(
            antwoorden=_stappen("Ouders hebben al veel geprobeerd", "Grootouders helpen soms met oppassen",
                                "School biedt geen extra begeleiding", "Het CJG-spreekuur was niet genoeg"),
            uitkomst="maatwerk", behoefte_code="opvoeden", band="licht", producten=["45A48"],
            toekomstplan="")
    return ops.PadInvoer(
        antwoorden=_stappen("Wil graag, maar weet niet hoe", "Geen netwerk dat werk kan bieden",
                            "Geen uitkering of traject via het UWV", "Vrijwilligerswerk is nog een te grote stap"),
        uitkomst="maatwerk", behoefte_code="meedoen", band="licht", producten=["PW002"])


def seed_paden() -> int:
    """A path for every demo case with an aanvraag and no path yet (skipped where a rule blocks)."""
    ops.seed_kaders()
    done = sa.select(Afweging.hulpvraag_id)
    cases = db.session.scalars(sa.select(Hulpvraag).where(
        Hulpvraag.status == HulpvraagStatus.AANVRAAG_ONTVANGEN, Hulpvraag.id.not_in(done))
        .order_by(Hulpvraag.id)).unique().all()
    count = 0
    for hv in cases:
        with acting_as(hv.consulent):
            try:
                with db.session.begin_nested():
                    ops.record_pad(hv.consulent, hv, _invoer(hv))
                count += 1
            except DomainError:
                continue  # e.g. a Wlz-indicatie: the demo leaves that case for the consultant
    return count
