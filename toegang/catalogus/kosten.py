"""Expected cost of an omvang: the tariff valid on each day, summed exactly, rounded once.

The rules (iWmo 3.2 omvang = volume × eenheid × frequentie):
- per dag (1): ``volume`` units every day;
- per week (2): ``volume / 7`` units a day, so four weeks of 3 uur is exactly 12 uur;
- per maand (4): ``volume / days-in-that-month`` units a day, so every whole calendar month
  costs exactly ``volume`` units and a partial month its share by days;
- totaal binnen de geldigheidsduur (6): ``volume`` spread evenly over the days of the period;
- eenheid 83 (euro's): the volume is the amount itself; tariffs are not used.
Each day is priced at the tariff valid on that day, so a tariff change on 1 January splits the
period by itself. The sum is kept as an exact fraction and rounded half-up to whole cents once.
``per_12_months`` is the total scaled to 365 days. An open-ended period is costed over its first
365 days (and says so), which is what the four-eyes threshold "per 12 months" needs.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from toegang.errors import DomainError

EURO = "83"
HORIZON_DAYS = 365


@dataclass(frozen=True)
class Periode:
    """A tariff in cents per eenheid, valid from ``van`` through ``tot`` (None: open)."""

    van: date
    tot: date | None
    cents: int


@dataclass(frozen=True)
class Kosten:
    total_cents: int
    per_12_months_cents: int
    days: int
    open_ended: bool
    #: Per tariff: (van, tot, cents per eenheid, eenheden in that part, cost in cents).
    breakdown: tuple[tuple[date, date, int, Decimal, int], ...]


def _round(value: Fraction) -> int:
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), ROUND_HALF_UP))


def _units_per_day(volume: Fraction, frequentie: str, day: date, days_total: int) -> Fraction:
    if frequentie == "1":
        return volume
    if frequentie == "2":
        return volume / 7
    if frequentie == "4":
        return volume / calendar.monthrange(day.year, day.month)[1]
    if frequentie == "6":
        return volume / days_total
    raise DomainError("Onbekende frequentie.", "frequentie")


def _tariff_on(tarieven: list[Periode], day: date) -> Periode | None:
    for t in tarieven:
        if t.van <= day and (t.tot is None or day <= t.tot):
            return t
    return None


def expected_cost(tarieven: list[Periode], volume: Decimal | int, eenheid: str, frequentie: str,
                  ingangsdatum: date, einddatum: date | None, productnaam: str = "dit product") -> Kosten:
    if einddatum is not None and einddatum < ingangsdatum:
        raise DomainError("De einddatum ligt vóór de ingangsdatum.", "einddatum")
    open_ended = einddatum is None
    end = einddatum or ingangsdatum + timedelta(days=HORIZON_DAYS - 1)
    days = (end - ingangsdatum).days + 1
    vol = Fraction(Decimal(volume))
    total = Fraction(0)
    parts: dict[tuple[date, date | None, int], list] = {}
    day = ingangsdatum
    while day <= end:
        units = _units_per_day(vol, frequentie, day, days)
        if eenheid == EURO:
            price, key = 100, (ingangsdatum, None, 100)
        else:
            tarief = _tariff_on(tarieven, day)
            if tarief is None:
                raise DomainError(f"Er is geen tarief voor {productnaam} op {day.day}-{day.month}-{day.year}. "
                                  "Vraag de functioneel beheerder het tarief vast te leggen.", "product_id")
            price, key = tarief.cents, (tarief.van, tarief.tot, tarief.cents)
        cost = units * price
        total += cost
        part = parts.setdefault(key, [day, day, Fraction(0), Fraction(0)])
        part[1] = day
        part[2] += units
        part[3] += cost
        day += timedelta(days=1)
    breakdown = tuple((p[0], p[1], key[2], Decimal(p[2].numerator) / Decimal(p[2].denominator), _round(p[3]))
                      for key, p in parts.items())
    total_cents = _round(total)
    return Kosten(total_cents=total_cents, per_12_months_cents=_round(total * HORIZON_DAYS / days), days=days,
                  open_ended=open_ended, breakdown=breakdown)


def per_12_months(total_cents: int, ingangsdatum: date, einddatum: date | None) -> int:
    """A budget for the whole period, scaled to 365 days (an open period: the budget is per year)."""
    if einddatum is None:
        return total_cents
    days = (einddatum - ingangsdatum).days + 1
    return _round(Fraction(total_cents) * HORIZON_DAYS / days)
