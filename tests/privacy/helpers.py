"""A complete case (gesprek, onderzoek, sent verslag, indicatie, issued beschikking, closed) and
a way to move it into the past, for the retention, inzage and backup tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from tests.intake_helpers import make_hulpvraag, make_indicatie, make_inwoner
from toegang.beschikkingen import operations as beschikking_ops
from toegang.beschikkingen.models import BeschikkingSoort
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Afsluitreden, Hulpvraag
from toegang.indicaties.models import Indicatie
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.models import ContactSoort
from toegang.inwoners.operations import today

GEHEIM = "Zeer-Persoonlijke-Notitie"


def full_case(actor: Any, gemeente_id: int, *, wetten: tuple[str, ...] = ("WMO",), inwoner: Any = None,
              close: bool = True, wijk_id: int | None = None, afgeschermd: bool = False) -> dict[str, int]:
    if inwoner is None:
        inwoner = make_inwoner(actor, gemeente_id, achternaam="Bakker", voornamen="Geertje",
                               telefoon="0612345678", email="geertje@example.org", wijk_id=wijk_id)
        inw_ops.add_contactpersoon(actor, inwoner, ContactSoort.MANTELZORGER, "Piet Bakker", "zoon",
                                   telefoon="0687654321", notitie="Komt elke zondag")
    hv = make_hulpvraag(actor, inwoner, today() - timedelta(days=10), wetten=wetten,
                        omschrijving=f"{GEHEIM} over de hulpvraag")
    gesprek = hv_ops.record_gesprek(actor, hv, today() - timedelta(days=9), "thuis", "Geertje en haar zoon",
                                    f"{GEHEIM} in het gesprek", {"financien": 3}, afgeschermd=afgeschermd,
                                    afscherming_reden="Veilig Thuis-melding van een buurvrouw")
    hv_ops.start_onderzoek(actor, hv, today() - timedelta(days=9))
    hv_ops.save_onderzoek(actor, hv, {"behoeften": f"{GEHEIM} behoeften", "conclusie": "Aanvraag"}, None)
    hv_ops.complete_onderzoek(actor, hv, today() - timedelta(days=2))
    verslag = hv_ops.send_verslag(actor, hv, today() - timedelta(days=1))
    hv_ops.record_aanvraag(actor, hv, today())
    # A Wmo case ends in a toekenning with an issued beschikking; others are withdrawn.
    ind = make_indicatie(actor, hv, doelen=f"{GEHEIM} doelen") if "WMO" in wetten else None
    ids = {"inwoner_id": inwoner.id, "hulpvraag_id": hv.id, "verslag_id": verslag.id, "gesprek_id": gesprek.id}
    if ind is not None:
        b = beschikking_ops.create_concept(actor, hv, beschikking_ops.Concept(
            BeschikkingSoort.TOEKENNING, [ind.id], f"{GEHEIM} motivering"))
        beschikking_ops.vastleggen(actor, b, today(), None)
        ids.update(indicatie_id=ind.id, beschikking_id=b.id)
        if close:
            hv_ops.close(actor, hv, Afsluitreden.TOEGEKEND, today(), 8)
    elif close:
        hv_ops.close(actor, hv, Afsluitreden.INGETROKKEN, today(), None)
    db.session.flush()
    return ids


def shift_years(d: date | None, years: int) -> date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def age_case(hulpvraag_id: int, years: int, *, indicatie_einde: date | None = None) -> None:
    """Move a case ``years`` into the past (its dates and its indicaties' dates)."""
    hv = db.session.execute(sa.select(Hulpvraag.__table__).where(Hulpvraag.id == hulpvraag_id)).one()
    cols = ("melddatum", "onderzoek_gestart_op", "aanvraag_datum", "besluit_datum", "afgesloten_op",
            "persoonlijk_plan_ontvangen_op", "clientondersteuning_aangeboden_op")
    db.session.execute(sa.update(Hulpvraag.__table__).where(Hulpvraag.__table__.c.id == hulpvraag_id).values(
        **{c: shift_years(getattr(hv, c), years) for c in cols}))
    for ind in db.session.execute(sa.select(Indicatie.__table__).where(
            Indicatie.__table__.c.hulpvraag_id == hulpvraag_id)).all():
        db.session.execute(sa.update(Indicatie.__table__).where(Indicatie.__table__.c.id == ind.id).values(
            ingangsdatum=shift_years(ind.ingangsdatum, years),
            einddatum=indicatie_einde or shift_years(ind.einddatum, years)))
    db.session.expire_all()
