"""Drafting, issuing (vastleggen) and downloading beschikkingen.

Issuing is the point of no return: every high-impact indicatie in the letter must carry a valid
approval (the approved snapshot equals its current data) or be a spoed indicatie; the kenmerk is
taken under a lock; the PDF is rendered, hashed and stored; the indicaties become "beschikt" and
the hulpvraag "besloten" — all in one transaction. After that the row is immutable (trigger).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from toegang.accounts.roles import CASE_ROLES, Role
from toegang.afweging import operations as afweging_ops
from toegang.audit.operations import record
from toegang.beschikkingen.letter import render_beschikking
from toegang.beschikkingen.models import (
    Beschikking,
    BeschikkingSoort,
    BeschikkingStatus,
    IntrekkingsGrond,
    KenmerkTeller,
    beschikking_indicatie,
)
from toegang.db import utcnow
from toegang.errors import DomainError, Refusal, Refused
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.indicaties.models import Indicatie, IndicatieStatus
from toegang.indicaties.operations import beschikbaar_voor_beschikking
from toegang.inwoners.operations import today
from toegang.letters.render import sha256_hex
from toegang.security import require_gemeente, require_roles

BS = BeschikkingStatus
ONDERWERPEN = {
    BeschikkingSoort.TOEKENNING: "Besluit op uw aanvraag: toekenning",
    BeschikkingSoort.GEDEELTELIJKE_TOEKENNING: "Besluit op uw aanvraag: gedeeltelijke toekenning",
    BeschikkingSoort.AFWIJZING: "Besluit op uw aanvraag: afwijzing",
    BeschikkingSoort.WIJZIGING: "Besluit: wijziging van uw voorziening",
    BeschikkingSoort.BEEINDIGING: "Besluit: beëindiging van uw voorziening",
}


@dataclass
class Concept:
    soort: BeschikkingSoort
    indicatie_ids: list[int]
    motivering: str
    intrekkingsgrond: IntrekkingsGrond | None = None
    ingangsdatum_wijziging: date | None = None
    corrigeert_id: int | None = None


def _audit(action: str, b: Beschikking, **details: Any) -> None:
    record(action, object_type="beschikking", object_id=b.id, inwoner_id=b.inwoner_id, gemeente_id=b.gemeente_id,
           details=details)


def get_beschikking(actor: Any, beschikking_id: int, purpose: str = "view_beschikking") -> Beschikking:
    b = db.session.get(Beschikking, beschikking_id)
    if b is None or not actor.has_role(*CASE_ROLES) or b.gemeente_id not in actor.gemeente_ids:
        raise Refused(Refusal(purpose, "beschikking", beschikking_id, inwoner_id=b.inwoner_id if b else None,
                              gemeente_id=b.gemeente_id if b else None, reason="geen toegang"),
                      message="Deze beschikking bestaat niet of valt buiten uw gemeenten.", status=404)
    _audit(purpose, b)
    return b


def _guard(actor: Any, hv: Hulpvraag, action: str) -> None:
    require_roles(actor, (Role.CONSULENT,), action, object_type="hulpvraag", object_id=hv.id,
                  inwoner_id=hv.inwoner_id)
    require_gemeente(actor, hv.gemeente_id, action, object_type="hulpvraag", object_id=hv.id,
                     inwoner_id=hv.inwoner_id)


def _indicaties(hv: Hulpvraag, ids: list[int], soort: BeschikkingSoort) -> list[Indicatie]:
    rows = list(db.session.scalars(sa.select(Indicatie).where(Indicatie.id.in_(ids or [0]))).unique())
    if len(rows) != len(set(ids)) or any(i.hulpvraag_id != hv.id for i in rows):
        raise DomainError("Kies indicaties van deze hulpvraag.", "indicaties")
    if soort in (BeschikkingSoort.TOEKENNING, BeschikkingSoort.GEDEELTELIJKE_TOEKENNING,
                 BeschikkingSoort.WIJZIGING) and not rows:
        raise DomainError("Kies minstens één indicatie voor deze beschikking.", "indicaties")
    if soort is BeschikkingSoort.BEEINDIGING and any(i.status is not IndicatieStatus.BESCHIKT for i in rows):
        raise DomainError("Alleen een beschikte voorziening kan worden beëindigd.", "indicaties")
    return rows


def create_concept(actor: Any, hv: Hulpvraag, c: Concept) -> Beschikking:
    _guard(actor, hv, "create_beschikking")
    if hv.status is HulpvraagStatus.AFGESLOTEN:
        raise DomainError("Deze hulpvraag is afgesloten.")
    if not c.motivering.strip():
        raise DomainError("De motivering is verplicht (Awb art. 3:46).", "motivering")
    if c.soort is BeschikkingSoort.BEEINDIGING and c.intrekkingsgrond is None:
        raise DomainError("Kies de grond voor beëindiging (Wmo art. 2.3.10).", "intrekkingsgrond")
    rows = _indicaties(hv, c.indicatie_ids, c.soort)
    if c.corrigeert_id is not None:
        old = db.session.get(Beschikking, c.corrigeert_id)
        if old is None or old.hulpvraag_id != hv.id or old.status is not BS.VASTGELEGD:
            raise DomainError("Een correctie verwijst naar een vastgelegde beschikking van deze hulpvraag.")
    b = Beschikking(hulpvraag_id=hv.id, gemeente_id=hv.gemeente_id, inwoner_id=hv.inwoner_id, soort=c.soort,
                    status=BS.CONCEPT, onderwerp=ONDERWERPEN[c.soort], motivering=c.motivering.strip(),
                    intrekkingsgrond=c.intrekkingsgrond, ingangsdatum_wijziging=c.ingangsdatum_wijziging,
                    corrigeert_id=c.corrigeert_id, created_by_id=actor.id)
    b.indicaties = rows
    db.session.add(b)
    db.session.flush()
    _audit("create_beschikking", b, soort=c.soort.value, indicaties=[i.id for i in rows])
    return b


def blocking_problems(b: Beschikking) -> list[str]:
    """Everything that stops this concept from being issued, in Dutch."""
    problems: list[str] = []
    if b.soort in (BeschikkingSoort.TOEKENNING, BeschikkingSoort.GEDEELTELIJKE_TOEKENNING,
                   BeschikkingSoort.WIJZIGING):
        for ind in b.indicaties:
            problems += [f"{ind.naam}: {p}" for p in beschikbaar_voor_beschikking(ind)]
            # The afwegingskader's hard rules (judged now: e.g. a Wlz-indicatie recorded since).
            problems += [f"{ind.naam}: {p}" for p in afweging_ops.indicatie_problems(ind)]
    return problems


def next_kenmerken(gemeente_id: int, code: str, year: int, count: int) -> list[str]:
    """Take ``count`` consecutive numbers under the counter row's lock; no two letters share one.

    A batch reserves its numbers up front, so rendering in parallel needs no lock; a letter that
    then fails leaves a gap in the numbering, never a duplicate. The year's first letter creates
    the counter; when two transactions race to create it, the loser takes the winner's row.
    """
    if not _bump_counter(gemeente_id, year, count):
        try:
            with db.session.begin_nested():
                db.session.add(KenmerkTeller(gemeente_id=gemeente_id, jaar=year, laatste=count))
                db.session.flush()
        except IntegrityError:
            _bump_counter(gemeente_id, year, count)
    last = db.session.scalar(sa.select(KenmerkTeller.laatste).where(
        KenmerkTeller.gemeente_id == gemeente_id, KenmerkTeller.jaar == year))
    return [f"{code}-{year}-{n:06d}" for n in range(last - count + 1, last + 1)]


def _bump_counter(gemeente_id: int, year: int, count: int) -> int:
    """Add ``count`` to the year's counter (locking its row); the number of rows updated (0 or 1)."""
    return db.session.execute(
        sa.update(KenmerkTeller).where(KenmerkTeller.gemeente_id == gemeente_id, KenmerkTeller.jaar == year)
        .values(laatste=KenmerkTeller.laatste + count).execution_options(synchronize_session=False)
    ).rowcount


def check_issuable(actor: Any, b: Beschikking, verzenddatum: date, version: int | None) -> None:
    """Everything that must hold before a beschikking may be issued (raises DomainError)."""
    _guard(actor, b.hulpvraag, "issue_beschikking")
    if b.status is not BS.CONCEPT:
        raise DomainError("Deze beschikking is al vastgelegd. Een correctie is een nieuwe beschikking.")
    if version is not None and version != b.version:
        raise DomainError("Deze beschikking is intussen gewijzigd. Laad de pagina opnieuw.")
    if verzenddatum < today():
        raise DomainError("De verzenddatum ligt in het verleden.", "verzenddatum")
    problems = blocking_problems(b)
    if problems:
        raise DomainError("Deze beschikking kan nog niet worden vastgelegd: " + " ".join(problems))


def finalise(actor: Any, b: Beschikking, kenmerk: str, verzenddatum: date, pdf: bytes) -> None:
    """Store the issued letter and move the indicaties and the hulpvraag on (one transaction)."""
    hv = b.hulpvraag
    b.kenmerk, b.verzenddatum = kenmerk, verzenddatum
    b.pdf, b.sha256 = pdf, sha256_hex(pdf)
    b.vastgelegd_by_id, b.vastgelegd_at = actor.id, utcnow()
    b.status = BS.VASTGELEGD
    if b.soort not in (BeschikkingSoort.BEEINDIGING, BeschikkingSoort.AFWIJZING):
        for ind in b.indicaties:
            ind.status = IndicatieStatus.BESCHIKT
    db.session.flush()
    if hv.status is HulpvraagStatus.AANVRAAG_ONTVANGEN:
        hv_ops.mark_besloten(actor, hv, verzenddatum)
    _audit("issue_beschikking", b, kenmerk=b.kenmerk, sha256=b.sha256)


def vastleggen(actor: Any, b: Beschikking, verzenddatum: date, version: int | None) -> None:
    check_issuable(actor, b, verzenddatum, version)
    kenmerk = next_kenmerken(b.gemeente_id, b.hulpvraag.inwoner.gemeente.code, verzenddatum.year, 1)[0]
    b.kenmerk, b.verzenddatum = kenmerk, verzenddatum  # the letter shows both
    finalise(actor, b, kenmerk, verzenddatum, render_beschikking(b, concept=False))


def verified_pdf(actor: Any, b: Beschikking) -> bytes:
    """The stored PDF, only if its hash still matches (audited either way)."""
    if b.status is not BS.VASTGELEGD or b.pdf is None:
        raise DomainError("Deze beschikking is nog niet vastgelegd.")
    if b.pdf_vernietigd_at is not None:
        raise DomainError("De PDF van deze beschikking is na de bewaartermijn vernietigd; alleen het "
                          "controlegetal (SHA-256) is bewaard.")
    if sha256_hex(b.pdf) != b.sha256:
        raise Refused(Refusal("download_beschikking", "beschikking", b.id, inwoner_id=b.inwoner_id,
                              gemeente_id=b.gemeente_id, reason="hash klopt niet"),
                      message="Het bewaarde document is beschadigd: het controlegetal klopt niet. Het is niet "
                              "geopend. Meld dit bij de functioneel beheerder.", status=409)
    _audit("download_beschikking", b, kenmerk=b.kenmerk)
    return b.pdf


def of_hulpvraag(hv: Hulpvraag) -> list[Beschikking]:
    """A case's beschikkingen for its lists: their indicaties load only if asked for."""
    return list(db.session.scalars(sa.select(Beschikking).where(Beschikking.hulpvraag_id == hv.id)
                                   .order_by(Beschikking.id)
                                   .options(lazyload(Beschikking.hulpvraag), lazyload(Beschikking.indicaties))
                                   ).unique())


def in_issued(indicatie_ids: list[int]) -> set[int]:
    rows = db.session.execute(
        sa.select(beschikking_indicatie.c.indicatie_id).join(Beschikking).where(
            beschikking_indicatie.c.indicatie_id.in_(indicatie_ids or [0]), Beschikking.status == BS.VASTGELEGD)
    ).scalars()
    return set(rows)
