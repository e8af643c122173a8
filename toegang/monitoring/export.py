"""Serialising a :class:`report.Rapport` to JSON and CSV (schema: ``docs/monitoring-export.md``).

Only published values (``disclosure.Waarde``) are written; the serialisers refuse anything else.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from toegang.monitoring.disclosure import Waarde
from toegang.monitoring.report import PeriodeRapport, Rapport, Rij, Tabel

SCHEMA_VERSION = "1.0"
CSV_COLUMNS = ["gemeente", "periode", "van", "tot", "tabel", "indicator", "dimensie", "sleutel", "label", "kolom",
               "soort", "waarde", "geheim", "reden"]


def _cell(value: Any) -> dict[str, Any]:
    if not isinstance(value, Waarde):  # a raw number must never reach an output
        raise TypeError(f"niet door de onthullingscontrole: {value!r}")
    return value.to_json()


def _row(row: Rij) -> dict[str, Any]:
    return {"sleutel": row.sleutel, "label": row.label, "waarden": {k: _cell(v) for k, v in row.waarden.items()}}


def table_json(t: Tabel) -> dict[str, Any]:
    return {
        "id": t.id, "titel": t.titel, "indicator": t.indicator, "dimensie": t.dimensie,
        "toelichting": t.toelichting,
        "kolommen": [{"id": k.id, "titel": k.titel, "soort": k.soort} for k in t.kolommen],
        "rijen": [_row(r) for r in t.rijen],
        "totaal": _row(t.totaal) if t.totaal else None,
    }


def period_json(pr: PeriodeRapport) -> dict[str, Any]:
    return {
        "periode": pr.periode.label, "van": pr.periode.start.isoformat(), "tot": pr.periode.end.isoformat(),
        "peildatum": pr.periode.end.isoformat(),
        "richting": [{"id": r.id, "titel": r.titel, "soort": r.soort, "waarde": _cell(r.waarde),
                      "vorige": _cell(r.vorige), "verschil": r.verschil, "richting": r.richting}
                     for r in pr.richtingen],
        "tabellen": [table_json(t) for t in pr.tabellen],
    }


def metadata(r: Rapport, generated_at: datetime | None = None) -> dict[str, Any]:
    return {
        "schema_versie": SCHEMA_VERSION,
        "gemeente": {"code": r.gemeente_code, "naam": r.gemeente_naam},
        "periode": {"soort": r.soort, "van": r.van.isoformat(), "tot": r.tot.isoformat(),
                    "perioden": [p.periode.label for p in r.perioden]},
        "filters": {k: v for k, v in r.filters.items() if v is not None},
        "gegenereerd_op": (generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "onthullingscontrole": r.regels.as_metadata(),
        "bronnen": r.bronnen,
    }


def report_json(r: Rapport, generated_at: datetime | None = None) -> dict[str, Any]:
    return {"metadata": metadata(r, generated_at), "perioden": [period_json(p) for p in r.perioden]}


def csv_rows(r: Rapport) -> list[list[Any]]:
    """Long format: one line per published cell."""
    out: list[list[Any]] = []
    for pr in r.perioden:
        p = pr.periode
        for t in pr.tabellen:
            rows = [*t.rijen, *([t.totaal] if t.totaal else [])]
            for row in rows:
                for kol in t.kolommen:
                    v = row.waarden.get(kol.id)
                    if v is None:
                        continue
                    c = _cell(v)
                    out.append([r.gemeente_code, p.label, p.start.isoformat(), p.end.isoformat(), t.id, t.indicator,
                                t.dimensie or "", row.sleutel, row.label, kol.id, kol.soort,
                                "" if c["waarde"] is None else c["waarde"], "ja" if c["geheim"] else "nee",
                                c.get("reden") or ""])
    return out


def report_csv(r: Rapport) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(r))
    return buf.getvalue()


def table_csv(t: Tabel) -> str:
    """One table as a wide CSV (the dashboard's download)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(["sleutel", "label", *[k.titel for k in t.kolommen]])
    for row in [*t.rijen, *([t.totaal] if t.totaal else [])]:
        cells = []
        for k in t.kolommen:
            v = row.waarden.get(k.id)
            c = _cell(v) if v is not None else {"waarde": None, "geheim": True}
            cells.append("geheim" if c["geheim"] else c["waarde"])
        writer.writerow([row.sleutel, row.label, *cells])
    return buf.getvalue()


def write(r: Rapport, out_dir: Path, fmt: str, generated_at: datetime | None = None) -> list[Path]:
    """Write the report to ``out_dir``: JSON (one file, metadata inside) or CSV (data plus a
    metadata JSON file beside it). Returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"monitoring-{r.gemeente_code}-{r.soort}-{r.van.isoformat()}-{r.tot.isoformat()}"
    if fmt == "json":
        path = out_dir / f"{stem}.json"
        path.write_text(json.dumps(report_json(r, generated_at), ensure_ascii=False, indent=2), encoding="utf-8")
        return [path]
    if fmt == "csv":
        data, meta = out_dir / f"{stem}.csv", out_dir / f"{stem}.metadata.json"
        data.write_text(report_csv(r), encoding="utf-8")
        meta.write_text(json.dumps({**metadata(r, generated_at), "csv_kolommen": CSV_COLUMNS}, ensure_ascii=False,
                                   indent=2), encoding="utf-8")
        return [data, meta]
    raise ValueError(f"onbekend formaat: {fmt}")
