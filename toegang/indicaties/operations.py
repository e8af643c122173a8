"""Proposing, changing, submitting and reviewing indicaties — four eyes that cannot be bypassed.

The rules, in the order a bypass would try them:
- only a teamleider reviews; the author, the submitter and anyone who ever edited the indicatie
  can never approve or return it (checked here *and* inside the approving UPDATE itself);
- an approval covers a snapshot: the SHA-256 of the decisive fields. Any later edit returns the
  indicatie to concept and voids the approval (with an audit event);
- approving and returning are single conditional UPDATEs on (id, status, version): of two
  simultaneous reviews exactly one changes a row, on SQLite and PostgreSQL and across processes;
- the same form posted twice finds the status already changed and is refused, so there is one
  approval, never two;
- every refusal is raised as ``Refused``, which the unit of work records as a refused audit event.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from toegang.accounts.roles import Role
from toegang.afweging import operations as afweging_ops
from toegang.audit.models import AuditResult
from toegang.audit.operations import record
from toegang.catalogus.models import Aanbieder, Product
from toegang.db import utcnow
from toegang.errors import DomainError, Refusal, Refused
from toegang.extensions import db
from toegang.hulpvragen.models import Hulpvraag, HulpvraagStatus
from toegang.indicaties import costs, impact
from toegang.indicaties.models import (
    ImpactBeleid,
    Indicatie,
    IndicatieEditor,
    IndicatieReview,
    IndicatieStatus,
    Leveringsvorm,
    Nacontrole,
    ReviewActie,
)
from toegang.security import require_gemeente, require_roles

ST = IndicatieStatus
#: Spoed (Wmo 2.3.3, jeugd crisis): a temporary indicatie of at most four weeks.
SPOED_MAX_DAGEN = 28
EDITABLE = (ST.CONCEPT, ST.TERUGGESTUURD, ST.TER_BEOORDELING, ST.GOEDGEKEURD)


@dataclass
class Voorstel:
    """The consultant's proposal as entered on the form."""

    product_id: int | None
    volume: Decimal
    frequentie: str
    ingangsdatum: date
    einddatum: date | None
    leveringsvorm: Leveringsvorm
    aanbieder_id: int | None = None
    pgb_budget_cents: int | None = None
    pgb_motivering: str = ""
    doelen: str = ""
    resultaat: str = ""
    afwijking_reden: str = ""
    maatwerk_omschrijving: str = ""
    maatwerk_wet: str = ""
    maatwerk_categorie: str = ""
    maatwerk_budget_cents: int | None = None
    maatwerk_rechtvaardiging: str = ""


# ----------------------------------------------------------------------------- snapshot and policy

def decisive_fields(ind: Indicatie) -> dict[str, Any]:
    """What an approval covers. Changing any of these after approval voids it."""
    return {
        "product_id": ind.product_id, "maatwerk": ind.maatwerk_omschrijving,
        "maatwerk_budget_cents": ind.maatwerk_budget_cents, "volume": str(Decimal(ind.volume).normalize()),
        "eenheid": ind.eenheid, "frequentie": ind.frequentie, "ingangsdatum": ind.ingangsdatum.isoformat(),
        "einddatum": ind.einddatum.isoformat() if ind.einddatum else None,
        "leveringsvorm": ind.leveringsvorm.value, "aanbieder_id": ind.aanbieder_id,
        "pgb_budget_cents": ind.pgb_budget_cents,
    }


def snapshot_hash(ind: Indicatie) -> str:
    payload = json.dumps(decisive_fields(ind), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def beleid_in_force(on: date) -> tuple[ImpactBeleid | None, impact.ImpactRegels]:
    beleid = db.session.scalar(
        sa.select(ImpactBeleid).where(ImpactBeleid.ingangsdatum <= on)
        .order_by(ImpactBeleid.ingangsdatum.desc(), ImpactBeleid.versie.desc()).limit(1)
    )
    if beleid is None:
        return None, impact.ImpactRegels()
    return beleid, impact.ImpactRegels.from_json(beleid.regels)


def _crisis_sinds(ind: Indicatie, regels: impact.ImpactRegels) -> date | None:
    """Start of the uninterrupted run of crisis indicaties that this one continues."""
    if ind.wet != "JW" or ind.productcategorie != regels.crisis_categorie:
        return None
    earlier = db.session.scalars(
        sa.select(Indicatie).where(
            Indicatie.inwoner_id == ind.inwoner_id, Indicatie.id != (ind.id or 0), Indicatie.wet == "JW",
            Indicatie.productcategorie == regels.crisis_categorie,
            Indicatie.status.in_([ST.GOEDGEKEURD, ST.BESCHIKT, ST.BEEINDIGD]),
        ).order_by(Indicatie.ingangsdatum.desc())
    ).all()
    start = ind.ingangsdatum
    for prev in earlier:
        prev_end = prev.beeindigd_op or prev.einddatum
        if prev_end is not None and prev.ingangsdatum < start and prev_end >= start - timedelta(days=1):
            start = prev.ingangsdatum
    return start


def _apply_policy(ind: Indicatie) -> None:
    beleid, regels = beleid_in_force(ind.ingangsdatum)
    inwoner = ind.hulpvraag.inwoner
    pgb_12m = None
    if ind.leveringsvorm is Leveringsvorm.PGB and ind.pgb_budget_cents:
        pgb_12m = costs.per_12_months(ind.pgb_budget_cents, ind.ingangsdatum, ind.einddatum)
    reasons = impact.evaluate(impact.ImpactInput(
        wet=ind.wet, productcategorie=ind.productcategorie, ingangsdatum=ind.ingangsdatum, einddatum=ind.einddatum,
        kosten_12m_cents=ind.kosten_12m_cents, leveringsvorm=ind.leveringsvorm.value, pgb_12m_cents=pgb_12m,
        aanbieder_naam=ind.aanbieder.naam if ind.aanbieder else None,
        aanbieder_regionaal=ind.aanbieder.regionaal_gecontracteerd if ind.aanbieder else None,
        afwijking_reden=ind.afwijking_reden, geboortedatum=inwoner.geboortedatum,
        buiten_catalogus=ind.product_id is None, crisis_sinds=_crisis_sinds(ind, regels),
    ), regels)
    ind.hoog_impact = bool(reasons)
    ind.impact_redenen = reasons
    ind.impact_beleid_id = beleid.id if beleid else None


# ----------------------------------------------------------------------------- proposing

def _validate(hv: Hulpvraag, v: Voorstel) -> tuple[Product | None, Aanbieder | None]:
    if v.volume is None or v.volume <= 0:
        raise DomainError("Vul een omvang groter dan nul in.", "volume")
    if v.einddatum is not None and v.einddatum < v.ingangsdatum:
        raise DomainError("De einddatum ligt vóór de ingangsdatum.", "einddatum")
    if v.frequentie == "2" and v.einddatum is None:
        raise DomainError("Bij de frequentie 'per week' is een einddatum verplicht (iWmo 3.2).", "einddatum")
    if v.ingangsdatum < hv.melddatum:
        raise DomainError("De ingangsdatum ligt vóór de melding.", "ingangsdatum")
    product = None
    if v.product_id is not None:
        product = db.session.get(Product, v.product_id)
        if product is None or not product.active:
            raise DomainError("Kies een product uit de catalogus.", "product_id")
        if product.wet not in hv.wetten:
            raise DomainError(f"Dit product valt onder de {product.wet}; de hulpvraag niet.", "product_id")
        if v.frequentie not in product.frequentie_codes:
            raise DomainError("Deze frequentie is voor dit product niet toegestaan.", "frequentie")
    else:
        if not v.maatwerk_omschrijving.strip():
            raise DomainError("Kies een product, of beschrijf het maatwerk buiten de catalogus.", "product_id")
        if not v.maatwerk_rechtvaardiging.strip():
            raise DomainError("Leg uit waarom de gewone producten hier niet passen.", "maatwerk_rechtvaardiging")
        if not v.maatwerk_budget_cents or v.maatwerk_budget_cents <= 0:
            raise DomainError("Vul het budget voor dit maatwerk in.", "maatwerk_budget")
        if v.maatwerk_wet not in hv.wetten:
            raise DomainError("Kies de wet van dit maatwerk (een wet van de hulpvraag).", "maatwerk_wet")
        if v.einddatum is None:
            raise DomainError("Maatwerk buiten de catalogus heeft een einddatum.", "einddatum")
    aanbieder = None
    if v.leveringsvorm is Leveringsvorm.ZIN:
        if v.aanbieder_id is None:
            raise DomainError("Kies de aanbieder die de zorg in natura levert.", "aanbieder_id")
        aanbieder = db.session.get(Aanbieder, v.aanbieder_id)
        if aanbieder is None or not aanbieder.active:
            raise DomainError("Kies een actieve aanbieder.", "aanbieder_id")
        if product is not None and product.id not in {p.id for p in aanbieder.producten}:
            raise DomainError(f"{aanbieder.naam} levert dit product niet.", "aanbieder_id")
    else:
        if not v.pgb_budget_cents or v.pgb_budget_cents <= 0:
            raise DomainError("Vul het pgb-budget in euro's in.", "pgb_budget")
        if not v.pgb_motivering.strip():
            raise DomainError("Leg vast waarom een pgb past (Wmo art. 2.3.6): de inwoner kan het beheren, "
                              "motiveert de wens en de kwaliteit is geborgd.", "pgb_motivering")
    if not v.doelen.strip():
        raise DomainError("Beschrijf de doelen van de ondersteuning.", "doelen")
    return product, aanbieder


def _apply(ind: Indicatie, v: Voorstel, product: Product | None) -> None:
    ind.product_id = product.id if product else None
    ind.wet = product.wet if product else v.maatwerk_wet
    ind.productcategorie = product.productcategorie if product else (v.maatwerk_categorie or "10")
    ind.eenheid = product.eenheid if product else "83"
    ind.maatwerk_omschrijving = "" if product else v.maatwerk_omschrijving.strip()
    ind.maatwerk_budget_cents = None if product else v.maatwerk_budget_cents
    ind.maatwerk_rechtvaardiging = "" if product else v.maatwerk_rechtvaardiging.strip()
    ind.volume = v.volume if product else Decimal(1)
    ind.frequentie = v.frequentie if product else "6"
    ind.ingangsdatum, ind.einddatum = v.ingangsdatum, v.einddatum
    ind.leveringsvorm = v.leveringsvorm
    ind.aanbieder_id = v.aanbieder_id if v.leveringsvorm is Leveringsvorm.ZIN else None
    ind.pgb_budget_cents = v.pgb_budget_cents if v.leveringsvorm is Leveringsvorm.PGB else None
    ind.pgb_motivering = v.pgb_motivering.strip() if v.leveringsvorm is Leveringsvorm.PGB else ""
    ind.doelen, ind.resultaat = v.doelen.strip(), v.resultaat.strip()
    ind.afwijking_reden = v.afwijking_reden.strip()


def _check_afweging(hv: Hulpvraag, v: Voorstel, product: Product | None) -> Any:
    """The afwegingskader's hard rules and band (before anything is written): a blocked indicatie
    is refused with the rule's explanation, a deviation without a written reason is refused on the
    afwijking field. Returns the path version to pin."""
    return afweging_ops.check_voorstel(
        hv, wet=product.wet if product else v.maatwerk_wet,
        productcategorie=product.productcategorie if product else (v.maatwerk_categorie or "10"),
        productcode=product.productcode if product else None, volume=v.volume if product else Decimal(1),
        frequentie=v.frequentie if product else "6", ingangsdatum=v.ingangsdatum, einddatum=v.einddatum,
        afwijking_reden=v.afwijking_reden)


def _compute_costs(ind: Indicatie) -> None:
    total, per_12m = costs.expected(ind)
    ind.kosten_totaal_cents, ind.kosten_12m_cents = total, per_12m


def _editor(ind: Indicatie, user_id: int) -> None:
    exists = db.session.get(IndicatieEditor, (ind.id, user_id))
    if exists is None:
        db.session.add(IndicatieEditor(indicatie_id=ind.id, user_id=user_id))


def _audit(action: str, ind: Indicatie, result: AuditResult = AuditResult.OK, reason: str | None = None,
           **details: Any) -> None:
    record(action, object_type="indicatie", object_id=ind.id, inwoner_id=ind.inwoner_id,
           gemeente_id=ind.gemeente_id, result=result, reason=reason, details=details)


def _guard_case(actor: Any, hv: Hulpvraag, action: str) -> None:
    require_roles(actor, (Role.CONSULENT,), action, object_type="hulpvraag", object_id=hv.id,
                  inwoner_id=hv.inwoner_id)
    require_gemeente(actor, hv.gemeente_id, action, object_type="hulpvraag", object_id=hv.id,
                     inwoner_id=hv.inwoner_id)


def create(actor: Any, hv: Hulpvraag, v: Voorstel) -> Indicatie:
    _guard_case(actor, hv, "create_indicatie")
    if hv.status is not HulpvraagStatus.AANVRAAG_ONTVANGEN:
        raise DomainError("Een indicatie hoort bij een aanvraag: leg eerst de aanvraag vast.")
    product, _ = _validate(hv, v)
    afweging = _check_afweging(hv, v, product)
    ind = Indicatie(hulpvraag_id=hv.id, gemeente_id=hv.gemeente_id, inwoner_id=hv.inwoner_id,
                    status=ST.CONCEPT, created_by_id=actor.id)
    ind.hulpvraag = hv
    _apply(ind, v, product)
    ind.afweging_id = afweging.id if afweging else None
    db.session.add(ind)
    db.session.flush()
    db.session.refresh(ind, ["product", "aanbieder"])
    _compute_costs(ind)
    _apply_policy(ind)
    _editor(ind, actor.id)
    db.session.flush()
    _audit("create_indicatie", ind, hoog_impact=ind.hoog_impact)
    return ind


def update(actor: Any, ind: Indicatie, v: Voorstel, version: int | None) -> None:
    """Change a proposal. After submission or approval this voids the review: back to concept."""
    _guard_case(actor, ind.hulpvraag, "update_indicatie")
    if ind.status not in EDITABLE:
        raise DomainError("Een beschikte of beëindigde indicatie wordt niet meer gewijzigd; maak een nieuwe.")
    if version is not None and version != ind.version:
        raise DomainError("Iemand anders heeft deze indicatie intussen gewijzigd. Laad de pagina opnieuw.")
    product, _ = _validate(ind.hulpvraag, v)
    afweging = _check_afweging(ind.hulpvraag, v, product)
    before = snapshot_hash(ind)
    was = ind.status
    _apply(ind, v, product)
    ind.afweging_id = afweging.id if afweging else None
    db.session.flush()
    db.session.refresh(ind, ["product", "aanbieder"])
    _compute_costs(ind)
    _apply_policy(ind)
    _editor(ind, actor.id)
    if was in (ST.TER_BEOORDELING, ST.GOEDGEKEURD):
        ind.status = ST.CONCEPT
        ind.approved_by_id = ind.approved_at = ind.approval_hash = None
        ind.submitted_by_id = ind.submitted_at = None
        db.session.add(IndicatieReview(indicatie_id=ind.id, actie=ReviewActie.VERVALLEN, door_id=actor.id,
                                       op=utcnow(), reden=f"Gewijzigd na {was.label.lower()}",
                                       snapshot_hash=before))
        _audit("void_approval", ind, vorige_status=was.value)
    db.session.flush()
    _audit("update_indicatie", ind, hoog_impact=ind.hoog_impact)


# ----------------------------------------------------------------------------- four eyes

def _review(ind: Indicatie, actie: ReviewActie, actor: Any, reden: str = "") -> None:
    db.session.add(IndicatieReview(indicatie_id=ind.id, actie=actie, door_id=actor.id, op=utcnow(), reden=reden,
                                   snapshot_hash=snapshot_hash(ind)))


def submit(actor: Any, ind: Indicatie, version: int | None) -> None:
    _guard_case(actor, ind.hulpvraag, "submit_indicatie")
    if not ind.hoog_impact:
        raise DomainError("Deze indicatie heeft geen vier-ogentoets nodig: zij kan direct worden beschikt.")
    if ind.status not in (ST.CONCEPT, ST.TERUGGESTUURD):
        raise DomainError("Alleen een concept of een teruggestuurde indicatie kan worden ingediend.")
    if version is not None and version != ind.version:
        raise DomainError("Iemand anders heeft deze indicatie intussen gewijzigd. Laad de pagina opnieuw.")
    ind.status = ST.TER_BEOORDELING
    ind.submitted_by_id, ind.submitted_at = actor.id, utcnow()
    _review(ind, ReviewActie.INGEDIEND, actor)
    db.session.flush()
    _audit("submit_indicatie", ind)


def _refuse(ind: Indicatie, action: str, reason: str, message: str, status: int) -> Refused:
    return Refused(Refusal(action, "indicatie", ind.id, inwoner_id=ind.inwoner_id, gemeente_id=ind.gemeente_id,
                           reason=reason), message=message, status=status)


def _reviewer_checks(actor: Any, ind: Indicatie, action: str) -> None:
    require_roles(actor, (Role.TEAMLEIDER,), action, object_type="indicatie", object_id=ind.id,
                  inwoner_id=ind.inwoner_id, gemeente_id=ind.gemeente_id)
    require_gemeente(actor, ind.gemeente_id, action, object_type="indicatie", object_id=ind.id,
                     inwoner_id=ind.inwoner_id)
    edited = db.session.get(IndicatieEditor, (ind.id, actor.id)) is not None
    if actor.id in (ind.created_by_id, ind.submitted_by_id) or edited:
        raise _refuse(ind, action, "eigen indicatie",
                      "U heeft deze indicatie zelf voorgesteld, ingediend of gewijzigd. Een andere teamleider "
                      "moet haar beoordelen (vier-ogenprincipe).", 403)


def _conditional(ind: Indicatie, actor: Any, version: int, values: dict[str, Any]) -> bool:
    """Change the row only if it is still the version the reviewer saw and still awaits review,
    and the reviewer is not among its editors — all in one statement."""
    editors = sa.select(IndicatieEditor.user_id).where(IndicatieEditor.indicatie_id == ind.id,
                                                       IndicatieEditor.user_id == actor.id)
    result = db.session.execute(
        sa.update(Indicatie)
        .where(Indicatie.id == ind.id, Indicatie.status == ST.TER_BEOORDELING, Indicatie.version == version,
               Indicatie.created_by_id != actor.id, Indicatie.submitted_by_id != actor.id, ~sa.exists(editors))
        .values(version=Indicatie.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _stale(ind: Indicatie, action: str) -> Refused:
    db.session.expire(ind)
    now = db.session.get(Indicatie, ind.id)
    if now is not None and now.status is ST.GOEDGEKEURD:
        msg = "Deze indicatie is al goedgekeurd. Er is niets meer te doen."
    elif now is not None and now.status is ST.TERUGGESTUURD:
        msg = "Deze indicatie is intussen teruggestuurd naar de consulent."
    else:
        msg = ("Deze indicatie is intussen gewijzigd of ingetrokken. Bekijk de nieuwe versie voordat u "
               "haar beoordeelt.")
    return _refuse(ind, action, "verouderd of al beoordeeld", msg, 409)


def approve(actor: Any, ind: Indicatie, version: int) -> None:
    _reviewer_checks(actor, ind, "approve_indicatie")
    if ind.status is not ST.TER_BEOORDELING or ind.version != version:
        raise _stale(ind, "approve_indicatie")
    digest = snapshot_hash(ind)
    if not _conditional(ind, actor, version, {"status": ST.GOEDGEKEURD, "approved_by_id": actor.id,
                                              "approved_at": utcnow(), "approval_hash": digest}):
        raise _stale(ind, "approve_indicatie")
    db.session.expire(ind)
    db.session.add(IndicatieReview(indicatie_id=ind.id, actie=ReviewActie.GOEDGEKEURD, door_id=actor.id,
                                   op=utcnow(), snapshot_hash=digest))
    db.session.flush()
    _audit("approve_indicatie", ind, snapshot=digest)


def return_to_consultant(actor: Any, ind: Indicatie, version: int, reden: str) -> None:
    if not reden.strip():
        raise DomainError("Geef de consulent een reden mee: wat moet er anders?", "reden")
    _reviewer_checks(actor, ind, "return_indicatie")
    if ind.status is not ST.TER_BEOORDELING or ind.version != version:
        raise _stale(ind, "return_indicatie")
    digest = snapshot_hash(ind)
    if not _conditional(ind, actor, version, {"status": ST.TERUGGESTUURD, "submitted_by_id": None,
                                              "submitted_at": None}):
        raise _stale(ind, "return_indicatie")
    db.session.expire(ind)
    db.session.add(IndicatieReview(indicatie_id=ind.id, actie=ReviewActie.TERUGGESTUURD, door_id=actor.id,
                                   op=utcnow(), reden=reden.strip(), snapshot_hash=digest))
    db.session.flush()
    _audit("return_indicatie", ind, reden=reden.strip()[:200])


# ----------------------------------------------------------------------------- spoed

def mark_spoed(actor: Any, ind: Indicatie, version: int | None) -> None:
    """Wmo 2.3.3 / jeugd crisis: a temporary indicatie of at most four weeks may be decided now and
    reviewed afterwards. It lands in the review queue at once."""
    _guard_case(actor, ind.hulpvraag, "spoed_indicatie")
    if not ind.hoog_impact:
        raise DomainError("Deze indicatie heeft geen vier-ogentoets nodig; spoed is niet nodig.")
    if ind.status not in (ST.CONCEPT, ST.TERUGGESTUURD):
        raise DomainError("Alleen een concept kan als spoedindicatie worden vastgelegd.")
    if version is not None and version != ind.version:
        raise DomainError("Iemand anders heeft deze indicatie intussen gewijzigd. Laad de pagina opnieuw.")
    if ind.einddatum is None or (ind.einddatum - ind.ingangsdatum).days + 1 > SPOED_MAX_DAGEN:
        raise DomainError("Een spoedindicatie duurt hoogstens vier weken: kies een einddatum binnen 28 dagen.",
                          "einddatum")
    if not (ind.hulpvraag.spoed or ind.productcategorie == "46"):
        raise DomainError("Spoed kan alleen bij een hulpvraag die als spoed is gemeld of bij jeugdhulp crisis.")
    ind.spoed = True
    ind.nacontrole = Nacontrole.OPEN
    _review(ind, ReviewActie.SPOED, actor)
    db.session.flush()
    _audit("spoed_indicatie", ind)


def review_spoed(actor: Any, ind: Indicatie, akkoord: bool, reden: str) -> None:
    if not akkoord and not reden.strip():
        raise DomainError("Geef een reden als u niet akkoord gaat.", "reden")
    _reviewer_checks(actor, ind, "nacontrole_indicatie")
    if ind.nacontrole is not Nacontrole.OPEN:
        raise _refuse(ind, "nacontrole_indicatie", "geen open nacontrole",
                      "Deze spoedindicatie is al nagekeken.", 409)
    updated = db.session.execute(
        sa.update(Indicatie).where(Indicatie.id == ind.id, Indicatie.nacontrole == Nacontrole.OPEN)
        .values(nacontrole=Nacontrole.AKKOORD if akkoord else Nacontrole.NIET_AKKOORD,
                version=Indicatie.version + 1).execution_options(synchronize_session=False)
    ).rowcount
    if updated != 1:
        raise _refuse(ind, "nacontrole_indicatie", "al nagekeken", "Deze spoedindicatie is al nagekeken.", 409)
    db.session.expire(ind)
    db.session.add(IndicatieReview(indicatie_id=ind.id, door_id=actor.id, op=utcnow(), reden=reden.strip(),
                                   actie=ReviewActie.NACONTROLE_AKKOORD if akkoord
                                   else ReviewActie.NACONTROLE_NIET_AKKOORD, snapshot_hash=snapshot_hash(ind)))
    db.session.flush()
    _audit("nacontrole_indicatie", ind, akkoord=akkoord)


# ----------------------------------------------------------------------------- for the beschikking

def beschikbaar_voor_beschikking(ind: Indicatie) -> list[str]:
    """Why this indicatie may not be decided yet (empty: it may). The beschikking calls this."""
    problems: list[str] = []
    if ind.status in (ST.BESCHIKT, ST.BEEINDIGD):
        problems.append("Deze indicatie is al beschikt.")
    elif ind.hoog_impact:
        spoed_ok = ind.spoed and ind.nacontrole in (Nacontrole.OPEN, Nacontrole.AKKOORD)
        approved = ind.status is ST.GOEDGEKEURD and ind.approval_hash == snapshot_hash(ind)
        if ind.status is ST.GOEDGEKEURD and not approved:
            problems.append("De goedkeuring hoort niet bij de huidige gegevens van de indicatie.")
        elif not (approved or spoed_ok):
            problems.append("Deze indicatie heeft grote gevolgen en is nog niet goedgekeurd door een teamleider.")
    elif ind.status not in (ST.CONCEPT, ST.GOEDGEKEURD):
        problems.append(f"Een indicatie met status '{ind.status.label.lower()}' kan niet worden beschikt.")
    return problems


def review_queue(actor: Any) -> list[Indicatie]:
    require_roles(actor, (Role.TEAMLEIDER,), "view_review_queue")
    return list(db.session.scalars(
        sa.select(Indicatie).where(
            Indicatie.gemeente_id.in_(actor.gemeente_ids),
            sa.or_(Indicatie.status == ST.TER_BEOORDELING, Indicatie.nacontrole == Nacontrole.OPEN),
        ).order_by(Indicatie.submitted_at.is_(None), Indicatie.submitted_at, Indicatie.id)
    ).unique())


def review_queue_count(actor: Any) -> int:
    if not actor.has_role(Role.TEAMLEIDER):
        return 0
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Indicatie).where(
            Indicatie.gemeente_id.in_(actor.gemeente_ids),
            sa.or_(Indicatie.status == ST.TER_BEOORDELING, Indicatie.nacontrole == Nacontrole.OPEN))
    ) or 0


#: What a list of a case's indicaties shows: the product's and aanbieder's names. The hulpvraag is the
#: one already loaded, and the product's tarieven/frequencies and the aanbieder's assortment load
#: only when something asks for them (on the case page they cost nine statements per view).
_LIST_LOAD = (
    lazyload(Indicatie.hulpvraag),
    joinedload(Indicatie.product).lazyload(Product.frequentie_rows),
    joinedload(Indicatie.product).lazyload(Product.tarieven),
    joinedload(Indicatie.aanbieder).lazyload(Aanbieder.producten),
)


def indicaties_of(hv: Hulpvraag) -> list[Indicatie]:
    return list(db.session.scalars(sa.select(Indicatie).where(Indicatie.hulpvraag_id == hv.id)
                                   .order_by(Indicatie.id).options(*_LIST_LOAD)).unique())


