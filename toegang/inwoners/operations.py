"""Registering and maintaining residents, their huishouden, contact persons and Wlz-indicatie."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import CASE_ROLES
from toegang.audit.operations import record
from toegang.catalogus.models import Wijk
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.inwoners.models import Contactpersoon, ContactSoort, Geslacht, Huishouden, HuishoudenRol, Inwoner
from toegang.security import require_gemeente, require_roles
from toegang.timeutil import AMSTERDAM
from toegang.validation import normalise_bsn, normalise_postcode


class DuplicateBsn(DomainError):
    """The BSN is already registered; ``existing_id`` lets the form link to that record."""

    def __init__(self, existing_id: int | None) -> None:
        super().__init__("Er is al een inwoner met dit BSN geregistreerd.", "bsn")
        self.existing_id = existing_id


@dataclass
class InwonerGegevens:
    voornamen: str
    achternaam: str
    geboortedatum: date
    tussenvoegsel: str = ""
    geslacht: Geslacht = Geslacht.ONBEKEND
    straat: str = ""
    huisnummer: int | None = None
    huisnummer_toevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    wijk_id: int | None = None
    telefoon: str = ""
    email: str = ""


def today() -> date:
    return utcnow().astimezone(AMSTERDAM).date()


def _validate(actor: Any, gemeente_id: int, data: InwonerGegevens) -> InwonerGegevens:
    if not data.voornamen.strip():
        raise DomainError("Vul de voornamen in.", "voornamen")
    if not data.achternaam.strip():
        raise DomainError("Vul de achternaam in.", "achternaam")
    if data.geboortedatum > today():
        raise DomainError("De geboortedatum ligt in de toekomst.", "geboortedatum")
    if data.geboortedatum.year < 1900:
        raise DomainError("Controleer de geboortedatum.", "geboortedatum")
    if data.huisnummer is not None and not 0 < data.huisnummer < 100000:
        raise DomainError("Vul een geldig huisnummer in.", "huisnummer")
    data.postcode = normalise_postcode(data.postcode)
    if data.wijk_id is not None:
        wijk = db.session.get(Wijk, data.wijk_id)
        if wijk is None or wijk.gemeente_id != gemeente_id:
            raise DomainError("Kies een wijk of kern van de gemeente van de inwoner.", "wijk_id")
    for name in ("voornamen", "tussenvoegsel", "achternaam", "straat", "huisnummer_toevoeging", "woonplaats",
                 "telefoon", "email"):
        setattr(data, name, (getattr(data, name) or "").strip())
    return data


def find_by_bsn(bsn: str) -> Inwoner | None:
    return db.session.scalar(sa.select(Inwoner).where(Inwoner.bsn == bsn))


def create_inwoner(actor: Any, gemeente_id: int, bsn: str, data: InwonerGegevens) -> Inwoner:
    require_roles(actor, CASE_ROLES, "create_inwoner")
    require_gemeente(actor, gemeente_id, "create_inwoner")
    bsn = normalise_bsn(bsn)
    existing = find_by_bsn(bsn)
    if existing is not None:
        # Only link to the record when the user may see it; otherwise just say it exists.
        raise DuplicateBsn(existing.id if existing.gemeente_id in actor.gemeente_ids else None)
    data = _validate(actor, gemeente_id, data)
    inwoner = Inwoner(gemeente_id=gemeente_id, bsn=bsn, **{f.name: getattr(data, f.name) for f in fields(data)})
    db.session.add(inwoner)
    db.session.flush()
    record("create_inwoner", object_type="inwoner", object_id=inwoner.id, inwoner_id=inwoner.id,
           gemeente_id=gemeente_id)
    return inwoner


def update_inwoner(actor: Any, inwoner: Inwoner, data: InwonerGegevens) -> list[str]:
    """Update the personal details; returns the changed field names (which is what gets audited)."""
    require_roles(actor, CASE_ROLES, "update_inwoner", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "update_inwoner", object_type="inwoner", object_id=inwoner.id)
    data = _validate(actor, inwoner.gemeente_id, data)
    changed = []
    for f in fields(data):
        new = getattr(data, f.name)
        if getattr(inwoner, f.name) != new:
            setattr(inwoner, f.name, new)
            changed.append(f.name)
    db.session.flush()
    record("update_inwoner", object_type="inwoner", object_id=inwoner.id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id, details={"velden": changed})
    return changed


def set_wlz(actor: Any, inwoner: Inwoner, indicatie: bool, datum: date | None, bron: str) -> None:
    require_roles(actor, CASE_ROLES, "update_wlz", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "update_wlz", object_type="inwoner", object_id=inwoner.id)
    if indicatie and datum is None:
        raise DomainError("Vul de datum van de Wlz-indicatie in.", "wlz_datum")
    if indicatie and datum is not None and datum > today():
        raise DomainError("De datum van de Wlz-indicatie ligt in de toekomst.", "wlz_datum")
    inwoner.wlz_indicatie = indicatie
    inwoner.wlz_datum = datum if indicatie else None
    inwoner.wlz_bron = bron.strip() if indicatie else ""
    db.session.flush()
    record("update_wlz", object_type="inwoner", object_id=inwoner.id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id, details={"wlz_indicatie": indicatie})


# ----------------------------------------------------------------------------- search

@dataclass
class Zoekvraag:
    bsn: str = ""
    achternaam: str = ""
    geboortedatum: date | None = None
    postcode: str = ""
    huisnummer: int | None = None


def search(actor: Any, q: Zoekvraag, limit: int = 50) -> list[Inwoner]:
    """Search by BSN, by achternaam + geboortedatum, or by postcode + huisnummer.

    The audit event names the kind of search, never the BSN or name searched for.
    """
    require_roles(actor, CASE_ROLES, "search_inwoner")
    stmt = sa.select(Inwoner).where(Inwoner.gemeente_id.in_(actor.gemeente_ids))
    if q.bsn.strip():
        kind = "bsn"
        stmt = stmt.where(Inwoner.bsn == normalise_bsn(q.bsn))
    elif q.achternaam.strip() and q.geboortedatum:
        kind = "naam_geboortedatum"
        stmt = stmt.where(sa.func.lower(Inwoner.achternaam) == q.achternaam.strip().lower(),
                          Inwoner.geboortedatum == q.geboortedatum)
    elif q.postcode.strip() and q.huisnummer:
        kind = "postcode_huisnummer"
        stmt = stmt.where(Inwoner.postcode == normalise_postcode(q.postcode), Inwoner.huisnummer == q.huisnummer)
    else:
        raise DomainError("Zoek op BSN, op achternaam met geboortedatum, of op postcode met huisnummer.")
    results = list(db.session.scalars(stmt.order_by(Inwoner.achternaam, Inwoner.voornamen).limit(limit)))
    record("search_inwoner", details={"zoekwijze": kind, "aantal": len(results)})
    for inwoner in results:
        record("view_inwoner_in_zoekresultaat", object_type="inwoner", object_id=inwoner.id,
               inwoner_id=inwoner.id, gemeente_id=inwoner.gemeente_id)
    return results


# ----------------------------------------------------------------------------- huishouden

def create_huishouden_for(actor: Any, inwoner: Inwoner, rol: HuishoudenRol) -> Huishouden:
    require_roles(actor, CASE_ROLES, "create_huishouden", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "create_huishouden")
    if inwoner.huishouden_id is not None:
        raise DomainError("Deze inwoner hoort al bij een huishouden.")
    hh = Huishouden(gemeente_id=inwoner.gemeente_id, naam=f"Huishouden {inwoner.aanhef_naam}")
    db.session.add(hh)
    db.session.flush()
    inwoner.huishouden_id = hh.id
    inwoner.huishouden_rol = rol
    db.session.flush()
    record("create_huishouden", object_type="huishouden", object_id=hh.id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id)
    return hh


def add_to_huishouden(actor: Any, huishouden_of: Inwoner, member: Inwoner, rol: HuishoudenRol) -> None:
    require_roles(actor, CASE_ROLES, "update_huishouden", object_type="inwoner", object_id=member.id)
    for person in (huishouden_of, member):
        require_gemeente(actor, person.gemeente_id, "update_huishouden", object_type="inwoner", object_id=person.id)
    if huishouden_of.huishouden_id is None:
        raise DomainError("Maak eerst een huishouden aan.")
    if member.id == huishouden_of.id:
        raise DomainError("Deze inwoner hoort al bij dit huishouden.")
    if member.gemeente_id != huishouden_of.gemeente_id:
        raise DomainError("Leden van een huishouden wonen in dezelfde gemeente.")
    if member.huishouden_id is not None:
        raise DomainError("Deze inwoner hoort al bij een ander huishouden. Haal hem of haar daar eerst weg.")
    member.huishouden_id = huishouden_of.huishouden_id
    member.huishouden_rol = rol
    db.session.flush()
    record("add_huishouden_lid", object_type="huishouden", object_id=huishouden_of.huishouden_id,
           inwoner_id=member.id, gemeente_id=member.gemeente_id)


def remove_from_huishouden(actor: Any, member: Inwoner) -> None:
    require_roles(actor, CASE_ROLES, "update_huishouden", object_type="inwoner", object_id=member.id)
    require_gemeente(actor, member.gemeente_id, "update_huishouden")
    if member.huishouden_id is None:
        return
    hh_id = member.huishouden_id
    member.huishouden_id = None
    member.huishouden_rol = None
    db.session.flush()
    record("remove_huishouden_lid", object_type="huishouden", object_id=hh_id, inwoner_id=member.id,
           gemeente_id=member.gemeente_id)


def huishouden_leden(inwoner: Inwoner) -> list[Inwoner]:
    if inwoner.huishouden_id is None:
        return []
    return list(db.session.scalars(
        sa.select(Inwoner).where(Inwoner.huishouden_id == inwoner.huishouden_id, Inwoner.id != inwoner.id)
        .order_by(Inwoner.geboortedatum)
    ))


# ----------------------------------------------------------------------------- contactpersonen

def add_contactpersoon(actor: Any, inwoner: Inwoner, soort: ContactSoort, naam: str, relatie: str = "",
                       telefoon: str = "", email: str = "", notitie: str = "") -> Contactpersoon:
    require_roles(actor, CASE_ROLES, "add_contactpersoon", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "add_contactpersoon")
    if not naam.strip():
        raise DomainError("Vul de naam van de contactpersoon in.", "naam")
    if not (telefoon.strip() or email.strip()):
        raise DomainError("Vul een telefoonnummer of e-mailadres in, zodat de contactpersoon bereikbaar is.",
                          "telefoon")
    cp = Contactpersoon(inwoner_id=inwoner.id, soort=soort, naam=naam.strip(), relatie=relatie.strip(),
                        telefoon=telefoon.strip(), email=email.strip(), notitie=notitie.strip())
    db.session.add(cp)
    db.session.flush()
    record("add_contactpersoon", object_type="contactpersoon", object_id=cp.id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id, details={"soort": soort.value})
    return cp


def remove_contactpersoon(actor: Any, inwoner: Inwoner, contact_id: int) -> None:
    require_roles(actor, CASE_ROLES, "remove_contactpersoon", object_type="inwoner", object_id=inwoner.id)
    require_gemeente(actor, inwoner.gemeente_id, "remove_contactpersoon")
    cp = db.session.get(Contactpersoon, contact_id)
    if cp is None or cp.inwoner_id != inwoner.id:
        raise DomainError("Deze contactpersoon hoort niet bij deze inwoner.")
    db.session.delete(cp)
    db.session.flush()
    record("remove_contactpersoon", object_type="contactpersoon", object_id=contact_id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id)
