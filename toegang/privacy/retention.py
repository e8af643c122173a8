"""Bewaartermijn: anonymise residents whose last case passed its retention, destroy issued PDFs.

When does the term run?
    A case (hulpvraag) *ends* when it is closed and every voorziening decided in it is over: the
    latest of the closing date, each indicatie's einddatum, or its beeindigd_op when ended early.
    A closed case with an open-ended running indicatie has not ended. The term is the longest of
    the laws involved (the hulpvraag's and its indicaties'), from ``BEWAARTERMIJN_JAREN``. A
    resident is due when they have at least one case, no open case, and every case's term has
    passed on the peildatum. A resident registered without any case (looked up, never a melding)
    is due ``BEWAARTERMIJN_ZONDER_ZAAK_JAREN`` after the last change to their record, unless
    someone else in their household has a case that is not anonymised (then the household
    composition is part of that file).

What anonymisation removes and keeps
    Removed: name, BSN (replaced by ``X`` + the internal number, which no search can match),
    date of birth (only the year is kept: 1 January), address, phone, e-mail, Wlz source, contact
    persons (deleted), the melder's name, every free text (hulpvraag, grondslag, betrokkenen,
    gesprekken, onderzoek, opschorting, verdaging, indicatie texts, review reasons, beschikking
    motivering), and the household's name. Issued PDFs (verslagen, beschikkingen) are emptied;
    their SHA-256 stays, with who destroyed them and when.
    Kept: year of birth, geslacht, gemeente, wijk, household link, every code, state, date, amount,
    volume, ZRM score and satisfaction mark — what monitoring counts. Free-text columns that a
    CHECK constraint requires to be non-empty get :data:`VERWIJDERD`.

The audit log is not touched: it has its own, longer term (``BEWAARTERMIJN_AUDIT_JAREN``) and its
events refer to residents by internal number only. Each run and each anonymised resident and
destroyed document is an audit event. Undoing a run is only possible from a backup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from toegang.accounts.roles import Role
from toegang.afweging.models import Afweging
from toegang.audit.operations import record
from toegang.beschikkingen.models import Beschikking, BeschikkingStatus
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.hulpvragen.models import (
    Betrokkene,
    Gesprek,
    Grondslag,
    Hulpvraag,
    HulpvraagStatus,
    Onderzoek,
    Opschorting,
    Verdaging,
    Verslag,
)
from toegang.indicaties.models import Indicatie, IndicatieReview, IndicatieStatus
from toegang.inwoners.models import Contactpersoon, Huishouden, Inwoner
from toegang.security import require_roles

#: Placeholder for free text that a CHECK constraint requires to be non-empty.
VERWIJDERD = "[verwijderd na bewaartermijn]"
ANONIEME_ACHTERNAAM = "Geanonimiseerd"
#: Indicaties that run (or will run) as long as they have no einddatum.
_RUNNING = {IndicatieStatus.GOEDGEKEURD, IndicatieStatus.BESCHIKT}
_CHUNK = 500


@dataclass(frozen=True)
class Kandidaat:
    """A resident due for anonymisation — no personal data, only numbers and dates."""

    inwoner_id: int
    gemeente_id: int
    wetten: tuple[str, ...]
    einddatum: date
    vervaldatum: date
    documenten: int


@dataclass
class Resultaat:
    peildatum: date
    inwoners: list[int] = field(default_factory=list)
    documenten: int = 0


def termijnen() -> dict[str, int]:
    return dict(current_app.config["BEWAARTERMIJN_JAREN"])


def plus_jaren(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def candidates(actor: Any, peildatum: date, *, audit: bool = True) -> list[Kandidaat]:
    """The dry run: residents of the actor's gemeenten whose last case passed its term."""
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "view_retention")
    jaren = termijnen()
    has_case = sa.exists().where(Hulpvraag.inwoner_id == Inwoner.id)
    has_open_case = sa.exists().where(Hulpvraag.inwoner_id == Inwoner.id,
                                      Hulpvraag.status != HulpvraagStatus.AFGESLOTEN)
    residents = dict(db.session.execute(
        sa.select(Inwoner.id, Inwoner.gemeente_id).where(
            Inwoner.gemeente_id.in_(actor.gemeente_ids), Inwoner.geanonimiseerd_at.is_(None),
            has_case, ~has_open_case).order_by(Inwoner.id)
    ).all())
    result: list[Kandidaat] = []
    for chunk in _chunks(list(residents)):
        cases = db.session.execute(
            sa.select(Hulpvraag.id, Hulpvraag.inwoner_id, Hulpvraag.wet_wmo, Hulpvraag.wet_jeugd,
                      Hulpvraag.wet_participatie, Hulpvraag.afgesloten_op).where(Hulpvraag.inwoner_id.in_(chunk))
        ).all()
        indicaties: dict[int, list[Any]] = defaultdict(list)
        for row in db.session.execute(
            sa.select(Indicatie.hulpvraag_id, Indicatie.wet, Indicatie.status, Indicatie.einddatum,
                      Indicatie.beeindigd_op).where(Indicatie.inwoner_id.in_(chunk))
        ):
            indicaties[row.hulpvraag_id].append(row)
        docs = _document_counts(chunk)
        per_resident: dict[int, list[tuple[date | None, date | None, set[str]]]] = defaultdict(list)
        for case in cases:
            wetten = {w for w, on in (("WMO", case.wet_wmo), ("JW", case.wet_jeugd),
                                      ("PW", case.wet_participatie)) if on}
            end: date | None = case.afgesloten_op
            for ind in indicaties[case.id]:
                wetten.add(ind.wet)
                ind_end = ind.beeindigd_op or ind.einddatum
                if ind_end is None:
                    if ind.status in _RUNNING:
                        end = None
                        break
                    continue
                end = max(end, ind_end) if end else ind_end
            expiry = plus_jaren(end, max(jaren.get(w, max(jaren.values())) for w in wetten)) if end else None
            per_resident[case.inwoner_id].append((end, expiry, wetten))
        for inwoner_id in chunk:
            rows = per_resident[inwoner_id]
            if not rows or any(expiry is None or expiry > peildatum for _, expiry, _ in rows):
                continue
            result.append(Kandidaat(
                inwoner_id=inwoner_id, gemeente_id=residents[inwoner_id],
                wetten=tuple(sorted(set().union(*(w for _, _, w in rows)))),
                einddatum=max(end for end, _, _ in rows if end is not None),
                vervaldatum=max(expiry for _, expiry, _ in rows if expiry is not None),
                documenten=docs.get(inwoner_id, 0)))
    result.extend(_without_case(actor, peildatum))
    result.sort(key=lambda k: k.inwoner_id)
    if audit:
        record("view_retention", details={"peildatum": peildatum.isoformat(), "aantal": len(result)})
    return result


def _without_case(actor: Any, peildatum: date) -> list[Kandidaat]:
    """Residents with no hulpvraag whose record has not changed for the term without a case."""
    jaren = current_app.config["BEWAARTERMIJN_ZONDER_ZAAK_JAREN"]
    # Changed on or before this moment (end of the day, UTC) means the term has passed.
    grens = datetime.combine(plus_jaren(peildatum, -jaren), time.max, tzinfo=UTC)
    lid = aliased(Inwoner)
    case_in_household = sa.exists().where(
        lid.huishouden_id == Inwoner.huishouden_id, lid.id != Inwoner.id, lid.geanonimiseerd_at.is_(None),
        sa.exists().where(Hulpvraag.inwoner_id == lid.id))
    rows = db.session.execute(
        sa.select(Inwoner.id, Inwoner.gemeente_id, Inwoner.updated_at).where(
            Inwoner.gemeente_id.in_(actor.gemeente_ids), Inwoner.geanonimiseerd_at.is_(None),
            ~sa.exists().where(Hulpvraag.inwoner_id == Inwoner.id), Inwoner.updated_at <= grens,
            sa.or_(Inwoner.huishouden_id.is_(None), ~case_in_household))
    ).all()
    result = []
    for inwoner_id, gemeente_id, updated_at in rows:
        gewijzigd = updated_at.astimezone(UTC).date()
        result.append(Kandidaat(inwoner_id=inwoner_id, gemeente_id=gemeente_id, wetten=(), einddatum=gewijzigd,
                                vervaldatum=plus_jaren(gewijzigd, jaren), documenten=0))
    return result


def _document_counts(inwoner_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for inwoner_id, n in db.session.execute(
        sa.select(Beschikking.inwoner_id, sa.func.count()).where(
            Beschikking.inwoner_id.in_(inwoner_ids), Beschikking.status == BeschikkingStatus.VASTGELEGD,
            Beschikking.pdf_vernietigd_at.is_(None)).group_by(Beschikking.inwoner_id)
    ):
        counts[inwoner_id] += n
    for inwoner_id, n in db.session.execute(
        sa.select(Hulpvraag.inwoner_id, sa.func.count()).select_from(Verslag)
        .join(Onderzoek, Onderzoek.id == Verslag.onderzoek_id).join(Hulpvraag, Hulpvraag.id == Onderzoek.hulpvraag_id)
        .where(Hulpvraag.inwoner_id.in_(inwoner_ids), Verslag.vernietigd_at.is_(None)).group_by(Hulpvraag.inwoner_id)
    ):
        counts[inwoner_id] += n
    return counts


def apply(actor: Any, peildatum: date, verwacht: int | None = None) -> Resultaat:
    """Anonymise every due resident of the actor's gemeenten (flush, no commit).

    ``verwacht`` is the number the user saw in the dry run; when the list changed since, nothing
    happens and the user is asked to look again.
    """
    require_roles(actor, (Role.FUNCTIONEEL_BEHEERDER,), "apply_retention")
    due = candidates(actor, peildatum, audit=False)
    if verwacht is not None and verwacht != len(due):
        raise DomainError(f"De lijst is veranderd sinds u hem bekeek: nu {len(due)} in plaats van {verwacht} "
                          "inwoners. Bekijk de lijst opnieuw.")
    result = Resultaat(peildatum=peildatum)
    now = utcnow()
    for kandidaat in due:
        result.documenten += anonymise(actor, kandidaat, now)
        result.inwoners.append(kandidaat.inwoner_id)
    record("apply_retention", details={"peildatum": peildatum.isoformat(), "inwoners": len(result.inwoners),
                                       "documenten": result.documenten, "termijnen": termijnen()})
    db.session.expire_all()
    return result


def _text(column: Any) -> Any:
    """Required free text: the placeholder where there was text, empty where there was none."""
    return sa.case((column != "", VERWIJDERD), else_="")


def anonymise(actor: Any, k: Kandidaat, now: datetime) -> int:
    """Remove one resident's personal data; returns the number of PDFs destroyed."""
    iid = k.inwoner_id
    inwoner = db.session.get(Inwoner, iid)
    assert inwoner is not None and inwoner.geanonimiseerd_at is None
    hv_ids = list(db.session.scalars(sa.select(Hulpvraag.id).where(Hulpvraag.inwoner_id == iid)))
    onderzoek_ids = list(db.session.scalars(sa.select(Onderzoek.id).where(Onderzoek.hulpvraag_id.in_(hv_ids))))
    indicatie_ids = list(db.session.scalars(sa.select(Indicatie.id).where(Indicatie.inwoner_id == iid)))
    ex = db.session.execute

    ex(sa.delete(Contactpersoon).where(Contactpersoon.inwoner_id == iid))
    if inwoner.huishouden_id is not None:
        ex(sa.update(Huishouden).where(Huishouden.id == inwoner.huishouden_id)
           .values(naam=f"Huishouden {inwoner.huishouden_id}"))
    ex(sa.update(Inwoner).where(Inwoner.id == iid).values(
        bsn=f"X{iid:08d}", voornamen="", tussenvoegsel="", achternaam=ANONIEME_ACHTERNAAM,
        geboortedatum=date(inwoner.geboortedatum.year, 1, 1), straat="", huisnummer=None,
        huisnummer_toevoeging="", postcode="", woonplaats="", telefoon="", email="", wlz_bron="",
        geanonimiseerd_at=now))
    ex(sa.update(Hulpvraag).where(Hulpvraag.id.in_(hv_ids)).values(melder_naam="", omschrijving=""))
    ex(sa.update(Grondslag).where(Grondslag.hulpvraag_id.in_(hv_ids)).values(
        reikwijdte=_text(Grondslag.reikwijdte), ontvangers=_text(Grondslag.ontvangers), reden=_text(Grondslag.reden)))
    ex(sa.update(Betrokkene).where(Betrokkene.hulpvraag_id.in_(hv_ids)).values(
        naam="", organisatie="", telefoon="", email="", rol=""))
    ex(sa.update(Gesprek).where(Gesprek.hulpvraag_id.in_(hv_ids)).values(
        deelnemers="", notities="", afscherming_reden=""))
    ex(sa.update(Onderzoek).where(Onderzoek.id.in_(onderzoek_ids)).values(
        behoeften="", eigen_kracht="", mantelzorg_netwerk="", ondersteuning_mantelzorger="",
        algemene_voorzieningen="", samenwerking="", eigen_bijdrage="", conclusie=""))
    ex(sa.update(Opschorting).where(Opschorting.hulpvraag_id.in_(hv_ids)).values(reden=""))
    ex(sa.update(Verdaging).where(Verdaging.hulpvraag_id.in_(hv_ids)).values(reden=""))
    ex(sa.update(Indicatie).where(Indicatie.id.in_(indicatie_ids)).values(
        maatwerk_omschrijving=_text(Indicatie.maatwerk_omschrijving),
        maatwerk_rechtvaardiging=_text(Indicatie.maatwerk_rechtvaardiging),
        pgb_motivering="", doelen="", resultaat="", afwijking_reden=""))
    ex(sa.update(IndicatieReview).where(IndicatieReview.indicatie_id.in_(indicatie_ids))
       .values(reden=_text(IndicatieReview.reden)))
    # The afwegingskader path: the answers per step stay (monitoring counts outcomes), the
    # consultant's own words about the resident go.
    for afweging in db.session.scalars(sa.select(Afweging).where(Afweging.hulpvraag_id.in_(hv_ids))):
        afweging.antwoorden = {stap: {"antwoord": (waarde or {}).get("antwoord"), "toelichting": ""}
                               for stap, waarde in (afweging.antwoorden or {}).items()}
        afweging.afwijzing_reden = VERWIJDERD if afweging.afwijzing_reden else ""
        afweging.toekomstplan = ""
        afweging.toelichting = ""

    destroyed = 0
    for verslag_id, sha in ex(sa.select(Verslag.id, Verslag.sha256).where(
            Verslag.onderzoek_id.in_(onderzoek_ids), Verslag.vernietigd_at.is_(None))).all():
        ex(sa.update(Verslag).where(Verslag.id == verslag_id).values(
            pdf=b"", vernietigd_at=now, vernietigd_door_id=actor.id))
        record("destroy_verslag", object_type="verslag", object_id=verslag_id, inwoner_id=iid,
               gemeente_id=k.gemeente_id, details={"sha256": sha})
        destroyed += 1
    table = Beschikking.__table__
    for b_id, status, kenmerk, sha in ex(sa.select(Beschikking.id, Beschikking.status, Beschikking.kenmerk,
                                                   Beschikking.sha256).where(Beschikking.inwoner_id == iid)).all():
        if status is BeschikkingStatus.VASTGELEGD:
            # The one change the immutability triggers permit: every other column as it was
            # (updated_at set to itself, so its onupdate default does not fire).
            ex(sa.update(table).where(table.c.id == b_id, table.c.pdf_vernietigd_at.is_(None)).values(
                pdf=b"", motivering=VERWIJDERD, pdf_vernietigd_at=now, pdf_vernietigd_door_id=actor.id,
                updated_at=table.c.updated_at))
            record("destroy_beschikking_pdf", object_type="beschikking", object_id=b_id, inwoner_id=iid,
                   gemeente_id=k.gemeente_id, details={"kenmerk": kenmerk, "sha256": sha})
            destroyed += 1
        else:
            ex(sa.update(table).where(table.c.id == b_id).values(motivering=VERWIJDERD))
    record("anonymise_inwoner", object_type="inwoner", object_id=iid, inwoner_id=iid, gemeente_id=k.gemeente_id,
           details={"wetten": list(k.wetten), "einddatum": k.einddatum.isoformat(),
                    "vervaldatum": k.vervaldatum.isoformat(), "documenten": destroyed})
    db.session.flush()
    return destroyed

