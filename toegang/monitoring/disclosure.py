"""Disclosure control: the one place every number passes through before it leaves the app.

The rules (CBS, Gemeentelijke Monitor Sociaal Domein, by default; all in configuration):

- **counts** are rounded to a multiple of ``afronding`` (5), and raw values from 0 up to and
  including ``geheim_tot_en_met`` (7) are *secret*: published as ``null`` with ``geheim: true``;
- **complementary suppression**: a table declares its additive *lines* (cells that add up to a
  margin). Where a line — its cells plus its margin — holds exactly one secret value, the
  smallest other published cell of that line is suppressed as well (the margin itself when no
  cell is left), repeated until every line holds no secret or at least two. So no secret value
  can be recomputed by subtraction from what is published;
- **amounts** only for cells with at least ``bedrag_min_clienten`` (10) clients, and where no
  single client accounts for more than ``bedrag_max_aandeel`` (30%) of the cell's sum;
- **percentages, averages, medians** only when they rest on at least ``min_noemer`` (10) cases.

Everything the report, the export, the API and the dashboard publish is a :class:`Waarde` made
here; raw aggregates never reach a serialiser.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

#: Reasons a value is withheld (stable codes; the export schema lists them).
KLEIN_AANTAL = "klein_aantal"
COMPLEMENTAIR = "complementair"
TE_WEINIG_CLIENTEN = "te_weinig_clienten"
DOMINANTIE = "dominantie"
NOEMER_TE_KLEIN = "noemer_te_klein"


@dataclass(frozen=True)
class Regels:
    """The disclosure parameters (config keys ``MONITORING_*``)."""

    afronding: int = 5
    geheim_tot_en_met: int = 7
    bedrag_min_clienten: int = 10
    bedrag_max_aandeel: float = 0.30
    min_noemer: int = 10

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Regels:
        return cls(
            afronding=int(config.get("MONITORING_AFRONDING", 5)),
            geheim_tot_en_met=int(config.get("MONITORING_GEHEIM_TOT_EN_MET", 7)),
            bedrag_min_clienten=int(config.get("MONITORING_BEDRAG_MIN_CLIENTEN", 10)),
            bedrag_max_aandeel=float(config.get("MONITORING_BEDRAG_MAX_AANDEEL", 0.30)),
            min_noemer=int(config.get("MONITORING_MIN_NOEMER", 10)),
        )

    def as_metadata(self) -> dict[str, Any]:
        return {
            "aantallen_afgerond_op": self.afronding,
            "geheim_van_0_tot_en_met": self.geheim_tot_en_met,
            "complementaire_onderdrukking": True,
            "bedragen_minimaal_clienten": self.bedrag_min_clienten,
            "bedragen_maximaal_aandeel_een_client": self.bedrag_max_aandeel,
            "percentages_minimale_noemer": self.min_noemer,
        }


@dataclass(frozen=True)
class Waarde:
    """A published value: a number, or secret with the reason."""

    waarde: int | float | None
    geheim: bool
    soort: str  # aantal | bedrag | percentage | dagen | cijfer
    reden: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"waarde": self.waarde, "geheim": self.geheim}
        if self.geheim:
            out["reden"] = self.reden
        return out


def _secret(soort: str, reden: str) -> Waarde:
    return Waarde(None, True, soort, reden)


def round_count(value: int, rules: Regels) -> int:
    """Round half up to a multiple of ``afronding``."""
    base = rules.afronding
    if base <= 1:
        return int(value)
    return int((Decimal(value) / base).quantize(Decimal(1), ROUND_HALF_UP)) * base


def suppress(raw: Mapping[Hashable, int], lines: Iterable[tuple[Sequence[Hashable], Hashable | None]],
             rules: Regels) -> dict[Hashable, str]:
    """Return {key: reason} for every secret key: primary (small) and complementary suppression.

    ``lines`` are (cells, margin) pairs where the margin is the sum of the cells (``None``: the
    line has no published margin, but its cells may still add up with others).
    """
    secret: dict[Hashable, str] = {k: KLEIN_AANTAL for k, v in raw.items() if v <= rules.geheim_tot_en_met}
    groups = [(list(cells), margin) for cells, margin in lines]
    changed = True
    while changed:
        changed = False
        for cells, margin in groups:
            members = cells + ([margin] if margin is not None else [])
            if len(members) < 2 or margin is None:
                continue
            hidden = [k for k in members if k in secret]
            if len(hidden) != 1:
                continue
            candidates = sorted((k for k in cells if k not in secret), key=lambda k: (raw[k], str(k)))
            if not candidates and margin not in secret:
                candidates = [margin]
            if candidates:
                secret[candidates[0]] = COMPLEMENTAIR
                changed = True
    return secret


def publish_counts(raw: Mapping[Hashable, int], lines: Iterable[tuple[Sequence[Hashable], Hashable | None]],
                   rules: Regels) -> dict[Hashable, Waarde]:
    """Counts of one table, with its additive lines, ready to publish."""
    secret = suppress(raw, lines, rules)
    return {k: (_secret("aantal", secret[k]) if k in secret else Waarde(round_count(v, rules), False, "aantal"))
            for k, v in raw.items()}


def publish_count(value: int, rules: Regels) -> Waarde:
    """A single count that is not part of a table."""
    return publish_counts({0: value}, [], rules)[0]


def publish_amount(sum_cents: int, clients: int, max_client_cents: int, rules: Regels) -> Waarde:
    """An amount in whole euros, for a cell with ``clients`` clients, the largest paying ``max``."""
    if clients < rules.bedrag_min_clienten:
        return _secret("bedrag", TE_WEINIG_CLIENTEN)
    if sum_cents > 0 and max_client_cents > rules.bedrag_max_aandeel * sum_cents:
        return _secret("bedrag", DOMINANTIE)
    euros = int((Decimal(sum_cents) / 100).quantize(Decimal(1), ROUND_HALF_UP))
    return Waarde(euros, False, "bedrag")


def publish_percentage(teller: int | float, noemer: int | float, rules: Regels) -> Waarde:
    if noemer < rules.min_noemer or noemer <= 0:
        return _secret("percentage", NOEMER_TE_KLEIN)
    pct = Decimal(str(teller)) * 100 / Decimal(str(noemer))
    return Waarde(float(pct.quantize(Decimal("0.1"), ROUND_HALF_UP)), False, "percentage")


def publish_statistic(value: float | None, n: int, soort: str, rules: Regels, decimals: int = 1) -> Waarde:
    """A median, percentile or average over ``n`` cases."""
    if value is None or n < rules.min_noemer:
        return _secret(soort, NOEMER_TE_KLEIN)
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    rounded = Decimal(str(value)).quantize(q, ROUND_HALF_UP)
    return Waarde(float(rounded) if decimals else int(rounded), False, soort)


def one_dimensional_lines(row_keys: Sequence[Hashable], total_key: Hashable) -> list[tuple[list, Hashable]]:
    return [(list(row_keys), total_key)]


def recoverable(raw: Mapping[Hashable, int], secret: Iterable[Hashable],
                lines: Iterable[tuple[Sequence[Hashable], Hashable | None]]) -> set[Hashable]:
    """What an attacker who knows every published value *exactly* can recompute by subtraction.

    Used by the tests; repeated solving of lines with one unknown, so chains are followed.
    """
    unknown = set(secret)
    groups = [(list(c), m) for c, m in lines if m is not None]
    recovered: set[Hashable] = set()
    progress = True
    while progress:
        progress = False
        for cells, margin in groups:
            members = cells + [margin]
            missing = [k for k in members if k in unknown]
            if len(missing) == 1:
                unknown.discard(missing[0])
                recovered.add(missing[0])
                progress = True
    return recovered
