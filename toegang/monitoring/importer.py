"""Import of history from the previous system: indicaties and (optionally) their declaraties.

UTF-8 CSV with a header row; ``;`` or ``,`` is detected from the header. Every row is validated
(codes against the shipped code lists, dates, amounts, references to wijken, aanbieders and
indicaties) and every problem is reported with its line number and reason. By default nothing is
imported when any row is invalid; with ``skip_invalid`` the valid rows are imported and the
problems are returned for a report.

Importing is idempotent: a row whose ``indicatie_ref`` (or declaratie key) is already present
with the same content is skipped; one that is present with *different* content is an error —
imported history is read-only.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from toegang.catalogus.kosten import per_12_months
from toegang.catalogus.models import Aanbieder, ReferenceCode, Wijk
from toegang.db import utcnow
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.monitoring.models import HistorieClient, HistorieDeclaratie, HistorieImport, HistorieIndicatie
from toegang.validation import parse_euro

INDICATIE_COLUMNS = [
    "indicatie_ref", "client_ref", "geboortedatum", "geslacht", "wijk", "wet", "productcategorie", "productcode",
    "leveringsvorm", "aanbieder", "verwijzer", "melddatum", "aanvraagdatum", "beschikkingsdatum", "ingangsdatum",
    "einddatum", "volume", "eenheid", "frequentie", "kosten_toegekend", "reden_beeindiging",
]
DECLARATIE_COLUMNS = ["indicatie_ref", "periode_start", "periode_eind", "bedrag_betaald"]
CATEGORIE_LIJST = {"WMO": "wmo_productcategorie", "JW": "jeugd_productcategorie"}


@dataclass(frozen=True)
class Fout:
    bestand: str
    regel: int
    reden: str

    def __str__(self) -> str:
        return f"{self.bestand} regel {self.regel}: {self.reden}"


@dataclass
class Resultaat:
    indicaties_nieuw: int = 0
    indicaties_overgeslagen: int = 0
    declaraties_nieuw: int = 0
    declaraties_overgeslagen: int = 0
    fouten: list[Fout] = field(default_factory=list)
    import_id: int | None = None


class ImportMislukt(Exception):
    """Invalid rows and no ``skip_invalid``: nothing was imported."""

    def __init__(self, fouten: list[Fout]) -> None:
        super().__init__(f"{len(fouten)} ongeldige regel(s); er is niets geïmporteerd.")
        self.fouten = fouten


# ----------------------------------------------------------------------------- parsing

def read_csv(data: bytes, name: str, columns: list[str]) -> tuple[list[tuple[int, dict[str, str]]], list[Fout]]:
    """Rows as (line number, {column: stripped value}); a wrong header is one error on line 1."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Fout(name, 1, "het bestand is geen UTF-8")]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [Fout(name, 1, "het bestand is leeg")]
    missing = [c for c in columns if c not in header]
    if missing:
        return [], [Fout(name, 1, f"kolom(men) ontbreken: {', '.join(missing)}")]
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[Fout] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(Fout(name, line, f"{len(values)} velden in plaats van {len(header)}"))
            continue
        rows.append((line, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    return rows, errors


def _date(value: str, column: str, required: bool = False) -> date | None:
    if not value:
        if required:
            raise ValueError(f"{column} ontbreekt")
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column} '{value}' is geen geldige datum (JJJJ-MM-DD)") from None


def _euro(value: str, column: str) -> int:
    if not value:
        raise ValueError(f"{column} ontbreekt")
    try:
        cents = parse_euro(value, column)
    except DomainError:
        cents = None
    if cents is None:
        raise ValueError(f"{column} '{value}' is geen bedrag in euro's")
    return cents


class Codes:
    """The code lists, wijken and aanbieders the rows are checked against."""

    def __init__(self, gemeente_id: int) -> None:
        self.lists: dict[str, set[str]] = {}
        for list_name, code in db.session.execute(sa.select(ReferenceCode.list_name, ReferenceCode.code)):
            self.lists.setdefault(list_name, set()).add(code)
        self.wijken = _pairs(sa.select(Wijk.code, Wijk.id).where(Wijk.gemeente_id == gemeente_id))
        self.aanbieders: dict[str, int] = {}
        for a in db.session.execute(sa.select(Aanbieder.id, Aanbieder.naam, Aanbieder.agb, Aanbieder.kvk)):
            for key in (a.naam, a.agb, a.kvk):
                if key:
                    self.aanbieders[key.lower()] = a.id

    def check(self, list_name: str, value: str, column: str) -> None:
        if value not in self.lists.get(list_name, set()):
            raise ValueError(f"{column} '{value}' is geen geldige code")


def _row_hash(row: dict[str, str], columns: list[str]) -> str:
    return hashlib.sha256("\x1f".join(row.get(c, "") for c in columns).encode()).hexdigest()


def validate_indicatie(row: dict[str, str], codes: Codes, today: date) -> dict[str, Any]:
    """The row as column values for ``historie_indicatie``; raises ValueError with the reason."""
    ref, client = row["indicatie_ref"], row["client_ref"]
    if not ref or len(ref) > 64:
        raise ValueError("indicatie_ref ontbreekt of is langer dan 64 tekens")
    if not client or len(client) > 64:
        raise ValueError("client_ref ontbreekt of is langer dan 64 tekens")
    geboortedatum = _date(row["geboortedatum"], "geboortedatum", required=True)
    assert geboortedatum is not None
    if geboortedatum > today:
        raise ValueError("geboortedatum ligt in de toekomst")
    if row["geslacht"] not in ("", "M", "V", "X"):
        raise ValueError(f"geslacht '{row['geslacht']}' is geen M, V, X of leeg")
    wijk_id = None
    if row["wijk"]:
        wijk_id = codes.wijken.get(row["wijk"])
        if wijk_id is None:
            raise ValueError(f"onbekende wijk '{row['wijk']}'")
    wet = row["wet"]
    if wet not in ("WMO", "JW", "PW"):
        raise ValueError(f"wet '{wet}' is geen WMO, JW of PW")
    cat = row["productcategorie"]
    if wet in CATEGORIE_LIJST:
        codes.check(CATEGORIE_LIJST[wet], cat, "productcategorie")
    elif not (len(cat) == 2 and cat.isdigit()):
        raise ValueError(f"productcategorie '{cat}' is geen code van twee cijfers")
    if not (len(row["productcode"]) == 5 and row["productcode"].isalnum()):
        raise ValueError(f"productcode '{row['productcode']}' heeft geen 5 tekens")
    if row["leveringsvorm"] not in ("ZIN", "PGB"):
        raise ValueError(f"leveringsvorm '{row['leveringsvorm']}' is geen ZIN of PGB")
    aanbieder_id = None
    if row["aanbieder"]:
        aanbieder_id = codes.aanbieders.get(row["aanbieder"].lower())
        if aanbieder_id is None:
            raise ValueError(f"onbekende aanbieder '{row['aanbieder']}'")
    elif row["leveringsvorm"] == "ZIN":
        raise ValueError("aanbieder ontbreekt (verplicht bij ZIN)")
    if row["verwijzer"]:
        codes.check("verwijzer", row["verwijzer"], "verwijzer")
    melddatum = _date(row["melddatum"], "melddatum")
    aanvraagdatum = _date(row["aanvraagdatum"], "aanvraagdatum")
    beschikkingsdatum = _date(row["beschikkingsdatum"], "beschikkingsdatum")
    ingangsdatum = _date(row["ingangsdatum"], "ingangsdatum", required=True)
    einddatum = _date(row["einddatum"], "einddatum")
    assert ingangsdatum is not None
    if einddatum is not None and einddatum < ingangsdatum:
        raise ValueError("einddatum ligt vóór ingangsdatum")
    if melddatum and aanvraagdatum and aanvraagdatum < melddatum:
        raise ValueError("aanvraagdatum ligt vóór melddatum")
    if aanvraagdatum and beschikkingsdatum and beschikkingsdatum < aanvraagdatum:
        raise ValueError("beschikkingsdatum ligt vóór aanvraagdatum")
    volume = None
    if row["volume"]:
        try:
            volume = Decimal(row["volume"].replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"volume '{row['volume']}' is geen getal") from None
        if volume <= 0 or volume >= Decimal("100000000"):
            raise ValueError("volume moet groter dan 0 zijn")
    if row["eenheid"]:
        codes.check("eenheid", row["eenheid"], "eenheid")
    if row["frequentie"]:
        codes.check("frequentie", row["frequentie"], "frequentie")
    kosten = _euro(row["kosten_toegekend"], "kosten_toegekend")
    reden = row["reden_beeindiging"] or None
    if reden:
        codes.check("reden_beeindiging", reden, "reden_beeindiging")
        if einddatum is None:
            raise ValueError("reden_beeindiging zonder einddatum")
    return {
        "indicatie_ref": ref, "client_ref": client, "geboortedatum": geboortedatum,
        "geslacht": row["geslacht"] or None, "wijk_id": wijk_id, "wet": wet, "productcategorie": cat,
        "productcode": row["productcode"], "leveringsvorm": row["leveringsvorm"], "aanbieder_id": aanbieder_id,
        "verwijzer_code": row["verwijzer"] or None, "melddatum": melddatum, "aanvraagdatum": aanvraagdatum,
        "beschikkingsdatum": beschikkingsdatum, "ingangsdatum": ingangsdatum, "einddatum": einddatum,
        "volume": volume, "eenheid": row["eenheid"] or None, "frequentie": row["frequentie"] or None,
        "kosten_toegekend_cents": kosten,
        "kosten_12m_cents": per_12_months(kosten, ingangsdatum, einddatum),
        "reden_beeindiging": reden,
    }


def validate_declaratie(row: dict[str, str]) -> dict[str, Any]:
    start = _date(row["periode_start"], "periode_start", required=True)
    eind = _date(row["periode_eind"], "periode_eind", required=True)
    assert start is not None and eind is not None
    if eind < start:
        raise ValueError("periode_eind ligt vóór periode_start")
    return {"indicatie_ref": row["indicatie_ref"], "periode_start": start, "periode_eind": eind,
            "bedrag_cents": _euro(row["bedrag_betaald"], "bedrag_betaald")}


# ----------------------------------------------------------------------------- the import

_FIELDS_COMPARED = ["client_ref", "geboortedatum", "geslacht", "wijk_id", "wet", "productcategorie", "productcode",
                    "leveringsvorm", "aanbieder_id", "verwijzer_code", "melddatum", "aanvraagdatum",
                    "beschikkingsdatum", "ingangsdatum", "einddatum", "kosten_toegekend_cents", "reden_beeindiging"]


def import_history(gemeente: Gemeente, indicaties: Path, declaraties: Path | None = None, *,
                   skip_invalid: bool = False, today: date | None = None) -> Resultaat:
    """Validate and import; flush, never commit (the caller's unit of work commits).

    Raises :class:`ImportMislukt` when a row is invalid and ``skip_invalid`` is False.
    """
    from toegang.audit.operations import record
    from toegang.inwoners.operations import today as today_fn

    today = today or today_fn()
    codes = Codes(gemeente.id)
    ind_bytes = indicaties.read_bytes()
    ind_rows, fouten = read_csv(ind_bytes, indicaties.name, INDICATIE_COLUMNS)
    dec_bytes = declaraties.read_bytes() if declaraties else None
    dec_rows: list[tuple[int, dict[str, str]]] = []
    if declaraties is not None and dec_bytes is not None:
        dec_rows, dec_errors = read_csv(dec_bytes, declaraties.name, DECLARATIE_COLUMNS)
        fouten += dec_errors

    # Indicaties: validate each row, then compare with what is already stored.
    existing = {
        r.indicatie_ref: r for r in db.session.execute(
            sa.select(HistorieIndicatie.id, HistorieIndicatie.indicatie_ref, HistorieClient.client_ref,
                      *[getattr(HistorieIndicatie, f) for f in _FIELDS_COMPARED if f != "client_ref"])
            .join(HistorieClient, HistorieClient.id == HistorieIndicatie.client_id)
            .where(HistorieIndicatie.gemeente_id == gemeente.id))
    }
    nieuw: list[dict[str, Any]] = []
    seen: set[str] = set()
    valid_refs: set[str] = set()
    res = Resultaat()
    for line, row in ind_rows:
        try:
            values = validate_indicatie(row, codes, today)
        except ValueError as err:
            fouten.append(Fout(indicaties.name, line, str(err)))
            continue
        ref = values["indicatie_ref"]
        if ref in seen:
            fouten.append(Fout(indicaties.name, line, f"indicatie_ref '{ref}' staat meer dan eens in het bestand"))
            continue
        seen.add(ref)
        old = existing.get(ref)
        if old is not None:
            if any(getattr(old, f) != values[f] for f in _FIELDS_COMPARED):
                fouten.append(Fout(indicaties.name, line, f"indicatie_ref '{ref}' is al geïmporteerd met andere "
                                                          "gegevens; geïmporteerde historie wordt niet gewijzigd"))
                continue
            res.indicaties_overgeslagen += 1
        else:
            nieuw.append(values)
        valid_refs.add(ref)

    # Declaraties: the indicatie must be in this file (valid) or already imported.
    dec_existing = {
        (r.indicatie_ref, r.periode_start, r.periode_eind): r.bedrag_cents for r in db.session.execute(
            sa.select(HistorieIndicatie.indicatie_ref, HistorieDeclaratie.periode_start,
                      HistorieDeclaratie.periode_eind, HistorieDeclaratie.bedrag_cents)
            .join(HistorieIndicatie, HistorieIndicatie.id == HistorieDeclaratie.indicatie_id)
            .where(HistorieDeclaratie.gemeente_id == gemeente.id))
    } if dec_rows else {}
    dec_nieuw: list[dict[str, Any]] = []
    dec_seen: set[tuple[str, date, date]] = set()
    assert declaraties is not None or not dec_rows
    for line, row in dec_rows:
        name = declaraties.name  # type: ignore[union-attr]
        try:
            values = validate_declaratie(row)
        except ValueError as err:
            fouten.append(Fout(name, line, str(err)))
            continue
        ref = values["indicatie_ref"]
        if ref not in valid_refs and ref not in existing:
            fouten.append(Fout(name, line, f"onbekende indicatie_ref '{ref}'"))
            continue
        key = (ref, values["periode_start"], values["periode_eind"])
        if key in dec_seen:
            fouten.append(Fout(name, line, "deze declaratie (indicatie en periode) staat meer dan eens in het bestand"))
            continue
        dec_seen.add(key)
        if key in dec_existing:
            if dec_existing[key] != values["bedrag_cents"]:
                fouten.append(Fout(name, line, "deze declaratie is al geïmporteerd met een ander bedrag"))
            else:
                res.declaraties_overgeslagen += 1
            continue
        dec_nieuw.append(values)

    fouten.sort(key=lambda f: (f.bestand != indicaties.name, f.regel))
    res.fouten = fouten
    if fouten and not skip_invalid:
        raise ImportMislukt(fouten)

    run = HistorieImport(
        gemeente_id=gemeente.id, bestand=indicaties.name, sha256=hashlib.sha256(ind_bytes).hexdigest(),
        declaraties_bestand=declaraties.name if declaraties else None,
        declaraties_sha256=hashlib.sha256(dec_bytes).hexdigest() if dec_bytes is not None else None,
        imported_at=utcnow(), ongeldig=len(fouten))
    db.session.add(run)
    db.session.flush()

    clients = _client_ids(gemeente.id, {v["client_ref"] for v in nieuw})
    if nieuw:
        db.session.execute(sa.insert(HistorieIndicatie), [
            {**{k: v for k, v in values.items() if k != "client_ref"}, "gemeente_id": gemeente.id,
             "import_id": run.id, "client_id": clients[values["client_ref"]]} for values in nieuw])
    if dec_nieuw:
        ids = _pairs(sa.select(HistorieIndicatie.indicatie_ref, HistorieIndicatie.id).where(
            HistorieIndicatie.gemeente_id == gemeente.id,
            HistorieIndicatie.indicatie_ref.in_({d["indicatie_ref"] for d in dec_nieuw})))
        db.session.execute(sa.insert(HistorieDeclaratie), [
            {"gemeente_id": gemeente.id, "import_id": run.id, "indicatie_id": ids[d["indicatie_ref"]],
             "periode_start": d["periode_start"], "periode_eind": d["periode_eind"], "bedrag_cents": d["bedrag_cents"]}
            for d in dec_nieuw])
    res.indicaties_nieuw, res.declaraties_nieuw = len(nieuw), len(dec_nieuw)
    run.indicaties_nieuw, run.indicaties_overgeslagen = res.indicaties_nieuw, res.indicaties_overgeslagen
    run.declaraties_nieuw, run.declaraties_overgeslagen = res.declaraties_nieuw, res.declaraties_overgeslagen
    res.import_id = run.id
    record("import_history", object_type="historie_import", object_id=run.id, gemeente_id=gemeente.id,
           details={"bestand": run.bestand, "sha256": run.sha256, "indicaties_nieuw": res.indicaties_nieuw,
                    "indicaties_overgeslagen": res.indicaties_overgeslagen, "declaraties_nieuw": res.declaraties_nieuw,
                    "declaraties_overgeslagen": res.declaraties_overgeslagen, "ongeldig": len(fouten)})
    db.session.flush()
    return res


def _client_ids(gemeente_id: int, refs: set[str]) -> dict[str, int]:
    def known() -> dict[str, int]:
        if not refs:
            return {}
        out: dict[str, int] = {}
        refs_list = sorted(refs)
        for i in range(0, len(refs_list), 5000):
            chunk = refs_list[i:i + 5000]
            out.update(_pairs(sa.select(HistorieClient.client_ref, HistorieClient.id).where(
                HistorieClient.gemeente_id == gemeente_id, HistorieClient.client_ref.in_(chunk))))
        return out

    have = known()
    missing = refs - set(have)
    if missing:
        db.session.execute(sa.insert(HistorieClient), [{"gemeente_id": gemeente_id, "client_ref": r}
                                                        for r in sorted(missing)])
        have = known()
    return have


def write_report(path: Path, fouten: list[Fout]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["bestand", "regel", "reden"])
        for f in fouten:
            writer.writerow([f.bestand, f.regel, f.reden])


def _pairs(stmt: Any) -> dict[Any, Any]:
    return {a: b for a, b in db.session.execute(stmt)}
