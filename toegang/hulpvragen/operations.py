"""The life of a hulpvraag: melding, grondslag, betrokkenen, gesprek with ZRM, onderzoek and verslag,
aanvraag, opschorting and verdaging, reassignment and closing.

Each operation checks the actor, changes state, keeps the deadline current and writes one audit
event — then flushes; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from toegang.accounts.models import User, UserRole, user_gemeente
from toegang.accounts.roles import CASE_ROLES, Role
from toegang.audit.operations import record
from toegang.catalogus.models import Huisarts
from toegang.catalogus.operations import is_valid_code
from toegang.db import utcnow
from toegang.errors import Conflict, DomainError
from toegang.extensions import db
from toegang.hulpvragen import termijnen
from toegang.hulpvragen.models import (
    Afsluitreden,
    Betrokkene,
    BetrokkeneSoort,
    Gesprek,
    Grondslag,
    GrondslagSoort,
    Hulpvraag,
    HulpvraagLevensdomein,
    HulpvraagStatus,
    Kanaal,
    Melder,
    Onderzoek,
    Opschorting,
    Verdaging,
    Verslag,
    ZrmScore,
)
from toegang.inwoners.models import Inwoner
from toegang.inwoners.operations import today
from toegang.security import require_gemeente, require_roles

S = HulpvraagStatus
OPEN_STATUSES = (S.GEMELD, S.IN_ONDERZOEK, S.AANVRAAG_ONTVANGEN, S.BESLOTEN)

#: Which closing reasons fit which state: a case cannot be "toegekend" before a decision.
AFSLUITREDENEN_PER_STATUS: dict[HulpvraagStatus, tuple[Afsluitreden, ...]] = {
    S.GEMELD: (Afsluitreden.OPGELOST_ZONDER_MAATWERK, Afsluitreden.DOORVERWEZEN, Afsluitreden.INGETROKKEN),
    S.IN_ONDERZOEK: (Afsluitreden.OPGELOST_ZONDER_MAATWERK, Afsluitreden.DOORVERWEZEN, Afsluitreden.INGETROKKEN),
    S.AANVRAAG_ONTVANGEN: (Afsluitreden.INGETROKKEN,),
    S.BESLOTEN: (Afsluitreden.TOEGEKEND, Afsluitreden.AFGEWEZEN),
}


def _check_version(hv: Hulpvraag | Onderzoek, version: int | None) -> None:
    if version is not None and version != hv.version:
        raise Conflict("Iemand anders heeft deze gegevens intussen gewijzigd. Laad de pagina opnieuw en "
                       "voer uw wijziging nogmaals in.")


def _require_open(hv: Hulpvraag) -> None:
    if hv.status is S.AFGESLOTEN:
        raise DomainError("Deze hulpvraag is afgesloten en kan niet meer worden gewijzigd.")


def _audit(action: str, hv: Hulpvraag, **details: Any) -> None:
    record(action, object_type="hulpvraag", object_id=hv.id, inwoner_id=hv.inwoner_id,
           gemeente_id=hv.gemeente_id, details=details)


def _guard(actor: Any, hv: Hulpvraag, action: str) -> None:
    require_roles(actor, CASE_ROLES, action, object_type="hulpvraag", object_id=hv.id, inwoner_id=hv.inwoner_id)
    require_gemeente(actor, hv.gemeente_id, action, object_type="hulpvraag", object_id=hv.id,
                     inwoner_id=hv.inwoner_id)


# ----------------------------------------------------------------------------- deadlines

def termijn_input(hv: Hulpvraag) -> termijnen.CaseDates:
    return termijnen.CaseDates(
        laws=tuple(termijnen.Law(w) for w in hv.wetten),
        melddatum=hv.melddatum,
        aanvraag_datum=hv.aanvraag_datum,
        onderzoek_afgerond_op=hv.onderzoek.afgerond_op if hv.onderzoek else None,
        besluit_datum=hv.besluit_datum or (hv.afgesloten_op if hv.status is S.AFGESLOTEN else None),
        suspensions=tuple(termijnen.Suspension(o.start, o.eind, o.reden) for o in hv.opschortingen),
        postponements=tuple(termijnen.Postponement(v.mededeling_datum, v.nieuwe_datum, v.reden)
                            for v in hv.verdagingen),
    )


def deadline_set(hv: Hulpvraag, peildatum: date | None = None) -> termijnen.Deadlines:
    return termijnen.compute_deadlines(termijn_input(hv), peildatum or today())


def deadlines(hv: Hulpvraag, peildatum: date | None = None) -> tuple[termijnen.Deadline, ...]:
    return deadline_set(hv, peildatum).deadlines


def refresh_termijn(hv: Hulpvraag) -> None:
    """Recompute the stored nearest deadline after anything it depends on changed."""
    db.session.flush()
    db.session.refresh(hv, ["opschortingen", "verdagingen", "onderzoek"])
    alle = deadlines(hv)
    nearest = termijnen.nearest_open_deadline(alle) if hv.status is not S.AFGESLOTEN else None
    if nearest is None or nearest.currently_suspended:
        hv.termijn_datum, hv.termijn_soort = None, None
    else:
        hv.termijn_datum, hv.termijn_soort = nearest.effective, nearest.code
    # For monitoring: the terms of the law it files the case under (Wmo, else Jeugdwet, else PW —
    # the order of ``wetten``).
    wet = termijnen.Law(hv.wetten[0])
    per_kind = {d.kind: d.effective for d in alle if d.law is wet}
    hv.onderzoek_uiterlijk = per_kind.get(termijnen.Kind.ONDERZOEK)
    hv.beslis_uiterlijk = per_kind.get(termijnen.Kind.BESCHIKKING)
    db.session.flush()


# ----------------------------------------------------------------------------- melding

@dataclass
class Melding:
    melddatum: date
    kanaal: Kanaal
    melder: Melder
    omschrijving: str
    wetten: list[str]
    levensdomeinen: list[str] = field(default_factory=list)
    melder_naam: str = ""
    verwijzer_code: str | None = None
    huisarts_id: int | None = None
    spoed: bool = False
    consulent_id: int | None = None


def _validate_melding(m: Melding, gemeente_id: int) -> None:
    if m.melddatum > today():
        raise DomainError("De datum van de melding ligt in de toekomst.", "melddatum")
    if not m.omschrijving.strip():
        raise DomainError("Beschrijf de hulpvraag.", "omschrijving")
    if not m.wetten or not set(m.wetten) <= {"WMO", "JW", "PW"}:
        raise DomainError("Kies minstens één wet.", "wetten")
    for domein in m.levensdomeinen:
        if not is_valid_code("levensdomein", domein):
            raise DomainError("Onbekend levensdomein.", "levensdomeinen")
    if m.melder is Melder.VERWIJZER:
        if not m.verwijzer_code or not is_valid_code("verwijzer", m.verwijzer_code):
            raise DomainError("Kies het soort verwijzer.", "verwijzer_code")
    elif m.verwijzer_code and not is_valid_code("verwijzer", m.verwijzer_code):
        raise DomainError("Onbekende verwijzer.", "verwijzer_code")
    if m.verwijzer_code == "02":
        if m.huisarts_id is None:
            raise DomainError("Kies de huisartspraktijk die verwees.", "huisarts_id")
        ha = db.session.get(Huisarts, m.huisarts_id)
        if ha is None or not ha.active:
            raise DomainError("Kies een bestaande huisartspraktijk.", "huisarts_id")
    else:
        m.huisarts_id = None
    if m.kanaal is Kanaal.VERWIJZING and m.melder is not Melder.VERWIJZER:
        raise DomainError("Bij het kanaal 'verwijzing' is de melder een verwijzer.", "melder")


def _consulent(actor: Any, consulent_id: int | None, gemeente_id: int) -> User:
    if consulent_id is None:
        if not actor.has_role(Role.CONSULENT):
            raise DomainError("Kies de vaste consulent.", "consulent_id")
        return actor
    user = db.session.get(User, consulent_id)
    if user is None or not user.active or not user.has_role(Role.CONSULENT) or gemeente_id not in user.gemeente_ids:
        raise DomainError("Kies een actieve consulent van deze gemeente.", "consulent_id")
    return user


def consulent_choices(gemeente_ids: frozenset[int] | set[int]) -> list[User]:
    """Active consulenten working for any of these gemeenten, in one query (it is on every case page)."""
    return list(db.session.scalars(
        sa.select(User).where(
            User.active,
            User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == Role.CONSULENT)),
            User.id.in_(sa.select(user_gemeente.c.user_id).where(user_gemeente.c.gemeente_id.in_(gemeente_ids))),
        ).order_by(User.full_name).options(lazyload(User.role_rows), lazyload(User.gemeenten))
    ))


def create_hulpvraag(actor: Any, inwoner: Inwoner, m: Melding) -> Hulpvraag:
    require_roles(actor, CASE_ROLES, "create_hulpvraag", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "create_hulpvraag", inwoner_id=inwoner.id)
    _validate_melding(m, inwoner.gemeente_id)
    consulent = _consulent(actor, m.consulent_id, inwoner.gemeente_id)
    hv = Hulpvraag(
        gemeente_id=inwoner.gemeente_id, inwoner_id=inwoner.id, consulent_id=consulent.id, status=S.GEMELD,
        melddatum=m.melddatum, kanaal=m.kanaal, melder=m.melder, melder_naam=m.melder_naam.strip(),
        verwijzer_code=m.verwijzer_code or None, huisarts_id=m.huisarts_id, wet_wmo="WMO" in m.wetten,
        wet_jeugd="JW" in m.wetten, wet_participatie="PW" in m.wetten, omschrijving=m.omschrijving.strip(),
        spoed=m.spoed,
    )
    hv.levensdomein_rows = [HulpvraagLevensdomein(domein=d) for d in sorted(set(m.levensdomeinen))]
    db.session.add(hv)
    db.session.flush()
    refresh_termijn(hv)
    _audit("create_hulpvraag", hv, wetten=hv.wetten, spoed=hv.spoed)
    return hv


def update_melding(actor: Any, hv: Hulpvraag, m: Melding, version: int | None) -> None:
    _guard(actor, hv, "update_hulpvraag")
    _require_open(hv)
    _check_version(hv, version)
    _validate_melding(m, hv.gemeente_id)
    hv.melddatum, hv.kanaal, hv.melder = m.melddatum, m.kanaal, m.melder
    hv.melder_naam, hv.verwijzer_code, hv.huisarts_id = m.melder_naam.strip(), m.verwijzer_code or None, m.huisarts_id
    hv.wet_wmo, hv.wet_jeugd, hv.wet_participatie = "WMO" in m.wetten, "JW" in m.wetten, "PW" in m.wetten
    hv.omschrijving, hv.spoed = m.omschrijving.strip(), m.spoed
    hv.levensdomein_rows = [HulpvraagLevensdomein(domein=d) for d in sorted(set(m.levensdomeinen))]
    refresh_termijn(hv)
    _audit("update_hulpvraag", hv)


def reassign(actor: Any, hv: Hulpvraag, consulent_id: int, reden: str) -> None:
    """A teamleider moves a case to another consultant (workload, absence)."""
    require_roles(actor, (Role.TEAMLEIDER,), "reassign_hulpvraag", object_type="hulpvraag", object_id=hv.id,
                  inwoner_id=hv.inwoner_id)
    require_gemeente(actor, hv.gemeente_id, "reassign_hulpvraag", object_type="hulpvraag", object_id=hv.id)
    _require_open(hv)
    new = _consulent(actor, consulent_id, hv.gemeente_id)
    if new.id == hv.consulent_id:
        raise DomainError("Deze consulent heeft de hulpvraag al.", "consulent_id")
    old = hv.consulent_id
    hv.consulent_id = new.id
    db.session.flush()
    record("reassign_hulpvraag", object_type="hulpvraag", object_id=hv.id, inwoner_id=hv.inwoner_id,
           gemeente_id=hv.gemeente_id, reason=reden.strip() or None, details={"van": old, "naar": new.id})


# ----------------------------------------------------------------------------- grondslag, betrokkenen

def record_grondslag(actor: Any, hv: Hulpvraag, soort: GrondslagSoort, datum: date, reikwijdte: str = "",
                     ontvangers: str = "", reden: str = "") -> Grondslag:
    _guard(actor, hv, "record_grondslag")
    _require_open(hv)
    if datum > today():
        raise DomainError("De datum ligt in de toekomst.", "datum")
    if soort is GrondslagSoort.TOESTEMMING:
        if not reikwijdte.strip():
            raise DomainError("Beschrijf waarvoor de inwoner toestemming gaf.", "reikwijdte")
        if not ontvangers.strip():
            raise DomainError("Noem met wie de gegevens gedeeld mogen worden.", "ontvangers")
    if soort in (GrondslagSoort.BEMOEIZORG, GrondslagSoort.DRANG, GrondslagSoort.GEDWONGEN_KADER) and not reden.strip():
        raise DomainError("Leg uit waarom er zonder toestemming wordt gewerkt.", "reden")
    g = Grondslag(hulpvraag_id=hv.id, soort=soort, datum=datum, reikwijdte=reikwijdte.strip(),
                  ontvangers=ontvangers.strip(), reden=reden.strip(), vastgelegd_door_id=actor.id)
    db.session.add(g)
    db.session.flush()
    _audit("record_grondslag", hv, soort=soort.value)
    return g


def current_grondslag(hv: Hulpvraag) -> Grondslag | None:
    return db.session.scalar(
        sa.select(Grondslag).where(Grondslag.hulpvraag_id == hv.id, Grondslag.ingetrokken_op.is_(None))
        .order_by(Grondslag.datum.desc(), Grondslag.id.desc()).limit(1)
    )


def require_grondslag_for_sharing(hv: Hulpvraag) -> Grondslag:
    """Call before sharing anything outside the loket: without a recorded ground, refuse."""
    g = current_grondslag(hv)
    if g is None:
        raise DomainError("Leg eerst de grondslag vast (toestemming, wettelijke taak of bemoeizorg/drang) "
                          "voordat u gegevens buiten het loket deelt.")
    return g


def withdraw_grondslag(actor: Any, hv: Hulpvraag, grondslag_id: int) -> None:
    _guard(actor, hv, "withdraw_grondslag")
    g = db.session.get(Grondslag, grondslag_id)
    if g is None or g.hulpvraag_id != hv.id or g.ingetrokken_op is not None:
        raise DomainError("Deze grondslag hoort niet bij deze hulpvraag of is al ingetrokken.")
    g.ingetrokken_op = today()
    db.session.flush()
    _audit("withdraw_grondslag", hv, soort=g.soort.value)


def add_betrokkene(actor: Any, hv: Hulpvraag, soort: BetrokkeneSoort, naam: str, organisatie: str = "",
                   telefoon: str = "", email: str = "", rol: str = "") -> Betrokkene:
    _guard(actor, hv, "add_betrokkene")
    _require_open(hv)
    if not naam.strip():
        raise DomainError("Vul de naam in.", "naam")
    if not (telefoon.strip() or email.strip()):
        raise DomainError("Vul een telefoonnummer of e-mailadres in, zodat betrokkenen elkaar snel vinden.",
                          "telefoon")
    b = Betrokkene(hulpvraag_id=hv.id, soort=soort, naam=naam.strip(), organisatie=organisatie.strip(),
                   telefoon=telefoon.strip(), email=email.strip(), rol=rol.strip())
    db.session.add(b)
    db.session.flush()
    _audit("add_betrokkene", hv, soort=soort.value)
    return b


def remove_betrokkene(actor: Any, hv: Hulpvraag, betrokkene_id: int) -> None:
    _guard(actor, hv, "remove_betrokkene")
    b = db.session.get(Betrokkene, betrokkene_id)
    if b is None or b.hulpvraag_id != hv.id:
        raise DomainError("Deze betrokkene hoort niet bij deze hulpvraag.")
    db.session.delete(b)
    db.session.flush()
    _audit("remove_betrokkene", hv)


# ----------------------------------------------------------------------------- gesprek and ZRM

ZRM_DOMEINEN = (
    "financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
    "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl",
    "instrumentele_adl", "sociaal_netwerk", "maatschappelijke_participatie", "justitie",
)
ZRM_LABELS = {1: "acute problematiek", 2: "niet zelfredzaam", 3: "beperkt zelfredzaam",
              4: "voldoende zelfredzaam", 5: "volledig zelfredzaam"}


def record_gesprek(actor: Any, hv: Hulpvraag, datum: date, locatie: str, deelnemers: str, notities: str,
                   zrm: dict[str, int | None], *, afgeschermd: bool = False,
                   afscherming_reden: str = "") -> Gesprek:
    """Record a conversation and, optionally, ZRM scores (domains left empty are not scored).

    ``afgeschermd`` marks notes whose disclosure would endanger others: an inzage leaves them out.
    """
    _guard(actor, hv, "record_gesprek")
    _require_open(hv)
    if datum > today():
        raise DomainError("De datum van het gesprek ligt in de toekomst.", "datum")
    if datum < hv.melddatum:
        raise DomainError("Het gesprek kan niet vóór de melding hebben plaatsgevonden.", "datum")
    if not deelnemers.strip():
        raise DomainError("Noem wie er bij het gesprek waren.", "deelnemers")
    if afgeschermd and not afscherming_reden.strip():
        raise DomainError("Geef aan waarom het gesprek wordt afgeschermd.", "afscherming_reden")
    for domein, score in zrm.items():
        if domein not in ZRM_DOMEINEN:
            raise DomainError("Onbekend ZRM-domein.")
        if score is not None and not 1 <= score <= 5:
            raise DomainError("Een ZRM-score is 1 tot en met 5.", f"zrm_{domein}")
    gesprek = Gesprek(hulpvraag_id=hv.id, datum=datum, locatie=locatie.strip(), deelnemers=deelnemers.strip(),
                      notities=notities.strip(), consulent_id=actor.id, afgeschermd=afgeschermd,
                      afscherming_reden=afscherming_reden.strip() if afgeschermd else "")
    db.session.add(gesprek)
    db.session.flush()
    scored = {d: s for d, s in zrm.items() if s is not None}
    for domein, score in scored.items():
        db.session.add(ZrmScore(inwoner_id=hv.inwoner_id, gesprek_id=gesprek.id, domein=domein, score=score,
                                datum=datum, assessor_id=actor.id))
    db.session.flush()
    _audit("record_gesprek", hv, gesprek=gesprek.id, zrm_domeinen=len(scored), afgeschermd=afgeschermd)
    return gesprek


def zrm_history(inwoner_id: int) -> dict[str, list[ZrmScore]]:
    """Per domain, the resident's scores over time (oldest first). One query."""
    rows = db.session.scalars(
        sa.select(ZrmScore).where(ZrmScore.inwoner_id == inwoner_id)
        .order_by(ZrmScore.domein, ZrmScore.datum, ZrmScore.id)
        .options(sa.orm.joinedload(ZrmScore.assessor))
    ).all()
    history: dict[str, list[ZrmScore]] = {d: [] for d in ZRM_DOMEINEN}
    for row in rows:
        history.setdefault(row.domein, []).append(row)
    return history


# ----------------------------------------------------------------------------- onderzoek and verslag

ONDERZOEK_SECTIES = (
    ("behoeften", "Behoeften, persoonskenmerken en voorkeuren"),
    ("eigen_kracht", "Eigen kracht en gebruikelijke hulp"),
    ("mantelzorg_netwerk", "Mantelzorg en sociaal netwerk"),
    ("ondersteuning_mantelzorger", "Ondersteuning van de mantelzorger"),
    ("algemene_voorzieningen", "Algemene en voorliggende voorzieningen"),
    ("samenwerking", "Samenwerking met zorg, jeugdhulp, onderwijs, wonen en werk"),
    ("eigen_bijdrage", "Eigen bijdrage"),
    ("conclusie", "Conclusie"),
)


def start_onderzoek(actor: Any, hv: Hulpvraag, datum: date) -> Onderzoek:
    _guard(actor, hv, "start_onderzoek")
    if hv.status is not S.GEMELD:
        raise DomainError("Het onderzoek kan alleen starten bij een nieuwe melding.")
    if datum > today() or datum < hv.melddatum:
        raise DomainError("De startdatum ligt tussen de melding en vandaag.", "datum")
    hv.status = S.IN_ONDERZOEK
    hv.onderzoek_gestart_op = datum
    onderzoek = hv.onderzoek or Onderzoek(hulpvraag_id=hv.id)
    db.session.add(onderzoek)
    db.session.flush()
    refresh_termijn(hv)
    _audit("start_onderzoek", hv)
    return onderzoek


def save_onderzoek(actor: Any, hv: Hulpvraag, secties: dict[str, str], version: int | None) -> Onderzoek:
    _guard(actor, hv, "save_onderzoek")
    _require_open(hv)
    onderzoek = hv.onderzoek
    if onderzoek is None:
        raise DomainError("Start eerst het onderzoek.")
    if onderzoek.verslag_verzonden_op is not None:
        raise DomainError("Het verslag is al verzonden; het onderzoek kan niet meer worden gewijzigd.")
    _check_version(onderzoek, version)
    for name, _label in ONDERZOEK_SECTIES:
        setattr(onderzoek, name, (secties.get(name) or "").strip())
    db.session.flush()
    _audit("save_onderzoek", hv)
    return onderzoek


def complete_onderzoek(actor: Any, hv: Hulpvraag, datum: date) -> None:
    _guard(actor, hv, "complete_onderzoek")
    onderzoek = hv.onderzoek
    if onderzoek is None or hv.status is not S.IN_ONDERZOEK:
        raise DomainError("Er loopt geen onderzoek om af te ronden.")
    if onderzoek.afgerond_op is not None:
        raise DomainError("Het onderzoek is al afgerond.")
    if not onderzoek.behoeften or not onderzoek.conclusie:
        raise DomainError("Vul minstens de behoeften en de conclusie in voordat u het onderzoek afrondt.")
    if datum > today() or (hv.onderzoek_gestart_op and datum < hv.onderzoek_gestart_op):
        raise DomainError("De datum ligt tussen de start van het onderzoek en vandaag.", "datum")
    onderzoek.afgerond_op = datum
    refresh_termijn(hv)
    _audit("complete_onderzoek", hv)


def send_verslag(actor: Any, hv: Hulpvraag, datum: date) -> Verslag:
    """Render the verslag as PDF, keep that exact PDF with its hash, and record the sending date."""
    from toegang.hulpvragen.verslag import render_verslag
    from toegang.letters.render import sha256_hex

    _guard(actor, hv, "send_verslag")
    onderzoek = hv.onderzoek
    if onderzoek is None or onderzoek.afgerond_op is None:
        raise DomainError("Rond eerst het onderzoek af; daarna gaat het verslag naar de inwoner.")
    if onderzoek.verslag_verzonden_op is not None:
        raise DomainError("Het verslag is al verzonden.")
    if datum > today() or datum < onderzoek.afgerond_op:
        raise DomainError("De verzenddatum ligt tussen de afronding van het onderzoek en vandaag.", "datum")
    pdf = render_verslag(hv, verzenddatum=datum, concept=False)
    verslag = Verslag(onderzoek_id=onderzoek.id, verzonden_op=datum, pdf=pdf, sha256=sha256_hex(pdf),
                      created_at=utcnow(), created_by_id=actor.id)
    onderzoek.verslag_verzonden_op = datum
    db.session.add(verslag)
    db.session.flush()
    _audit("send_verslag", hv, verslag=verslag.id, sha256=verslag.sha256)
    return verslag


def record_persoonlijk_plan(actor: Any, hv: Hulpvraag, datum: date) -> None:
    _guard(actor, hv, "record_persoonlijk_plan")
    _require_open(hv)
    if datum > today() or datum < hv.melddatum:
        raise DomainError("De datum ligt tussen de melding en vandaag.", "datum")
    hv.persoonlijk_plan_ontvangen_op = datum
    db.session.flush()
    _audit("record_persoonlijk_plan", hv, binnen_7_dagen=(datum - hv.melddatum).days <= 7)


def record_clientondersteuning(actor: Any, hv: Hulpvraag, datum: date) -> None:
    _guard(actor, hv, "record_clientondersteuning")
    _require_open(hv)
    if datum > today() or datum < hv.melddatum:
        raise DomainError("De datum ligt tussen de melding en vandaag.", "datum")
    hv.clientondersteuning_aangeboden_op = datum
    db.session.flush()
    _audit("record_clientondersteuning", hv)


def persoonlijk_plan_venster(hv: Hulpvraag) -> date:
    """Wmo art. 2.3.2 lid 2: within 7 days after the melding the resident may hand in a plan."""
    from datetime import timedelta

    return hv.melddatum + timedelta(days=7)


# ----------------------------------------------------------------------------- aanvraag and terms

def record_aanvraag(actor: Any, hv: Hulpvraag, datum: date) -> None:
    """The aanvraag follows the onderzoek — or comes directly when the onderzoek took over six weeks."""
    _guard(actor, hv, "record_aanvraag")
    if hv.status not in (S.GEMELD, S.IN_ONDERZOEK):
        raise DomainError("Voor deze hulpvraag is al een aanvraag vastgelegd of een besluit genomen.")
    if datum > today() or datum < hv.melddatum:
        raise DomainError("De datum van de aanvraag ligt tussen de melding en vandaag.", "datum")
    onderzoek_done = hv.onderzoek is not None and hv.onderzoek.afgerond_op is not None
    if not onderzoek_done and hv.wet_wmo:
        onderzoek_term = next((d for d in deadlines(hv, datum) if d.kind is termijnen.Kind.ONDERZOEK), None)
        if onderzoek_term is not None and datum <= onderzoek_term.effective:
            raise DomainError("Een aanvraag volgt op het onderzoek. Alleen als het onderzoek langer duurt dan "
                              "zes weken kan de inwoner direct een aanvraag indienen.", "datum")
    hv.aanvraag_datum = datum
    hv.status = S.AANVRAAG_ONTVANGEN
    refresh_termijn(hv)
    _audit("record_aanvraag", hv, na_onderzoek=onderzoek_done)


def add_opschorting(actor: Any, hv: Hulpvraag, start: date, eind: date | None, reden: str) -> Opschorting:
    _guard(actor, hv, "add_opschorting")
    _require_open(hv)
    if not reden.strip():
        raise DomainError("Geef de reden van de opschorting (welke gegevens ontbreken).", "reden")
    if start < hv.melddatum or start > today():
        raise DomainError("De opschorting begint tussen de melding en vandaag.", "start")
    if eind is not None and eind < start:
        raise DomainError("Het einde van de opschorting ligt vóór het begin.", "eind")
    if any(o.eind is None for o in hv.opschortingen):
        raise DomainError("Er loopt al een opschorting. Beëindig die eerst.", "start")
    o = Opschorting(hulpvraag_id=hv.id, start=start, eind=eind, reden=reden.strip(), created_by_id=actor.id)
    db.session.add(o)
    refresh_termijn(hv)
    _audit("add_opschorting", hv, start=start.isoformat(), eind=eind.isoformat() if eind else None)
    return o


def end_opschorting(actor: Any, hv: Hulpvraag, eind: date) -> None:
    _guard(actor, hv, "end_opschorting")
    running = [o for o in hv.opschortingen if o.eind is None]
    if not running:
        raise DomainError("Er loopt geen opschorting.")
    if eind < running[0].start or eind > today():
        raise DomainError("Het einde ligt tussen het begin van de opschorting en vandaag.", "eind")
    running[0].eind = eind
    refresh_termijn(hv)
    _audit("end_opschorting", hv, eind=eind.isoformat())


def add_verdaging(actor: Any, hv: Hulpvraag, mededeling_datum: date, nieuwe_datum: date, reden: str) -> Verdaging:
    _guard(actor, hv, "add_verdaging")
    _require_open(hv)
    if hv.aanvraag_datum is None:
        raise DomainError("Verdagen kan pas als er een aanvraag is.")
    if not reden.strip():
        raise DomainError("Geef de reden van de verdaging.", "reden")
    if mededeling_datum > today():
        raise DomainError("De mededeling kan niet in de toekomst zijn gedaan.", "mededeling_datum")
    try:
        termijnen.validate_postponement(termijn_input(hv),
                                        termijnen.Postponement(mededeling_datum, nieuwe_datum, reden))
    except ValueError as err:
        raise DomainError(str(err), "nieuwe_datum") from None
    v = Verdaging(hulpvraag_id=hv.id, mededeling_datum=mededeling_datum, nieuwe_datum=nieuwe_datum,
                  reden=reden.strip(), created_by_id=actor.id)
    db.session.add(v)
    refresh_termijn(hv)
    _audit("add_verdaging", hv, nieuwe_datum=nieuwe_datum.isoformat())
    return v


# ----------------------------------------------------------------------------- decision and closing

def mark_besloten(actor: Any, hv: Hulpvraag, datum: date) -> None:
    """Set by the beschikking when it is issued (and by the demo seed)."""
    _guard(actor, hv, "mark_besloten")
    if hv.status is not S.AANVRAAG_ONTVANGEN:
        raise DomainError("Alleen een ontvangen aanvraag kan worden besloten.")
    hv.besluit_datum = datum
    hv.status = S.BESLOTEN
    refresh_termijn(hv)
    _audit("mark_besloten", hv)


def close(actor: Any, hv: Hulpvraag, reden: Afsluitreden, datum: date, tevredenheid: int | None,
          version: int | None = None) -> None:
    _guard(actor, hv, "close_hulpvraag")
    _require_open(hv)
    _check_version(hv, version)
    allowed = AFSLUITREDENEN_PER_STATUS[hv.status]
    if reden not in allowed:
        names = ", ".join(r.label.lower() for r in allowed)
        raise DomainError(f"In de status '{hv.status.label.lower()}' kan de hulpvraag alleen worden afgesloten "
                          f"als: {names}.", "reden")
    if datum > today() or datum < hv.melddatum:
        raise DomainError("De datum ligt tussen de melding en vandaag.", "datum")
    if tevredenheid is not None and not 1 <= tevredenheid <= 10:
        raise DomainError("Het rapportcijfer is 1 tot en met 10.", "tevredenheid")
    hv.status = S.AFGESLOTEN
    hv.afsluitreden = reden
    hv.afgesloten_op = datum
    hv.tevredenheid = tevredenheid
    refresh_termijn(hv)
    _audit("close_hulpvraag", hv, reden=reden.value)
