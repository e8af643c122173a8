"""Expected cost: the tariff of each day, exact fractions, one rounding (hand-computed answers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from toegang.catalogus.kosten import Periode, expected_cost, per_12_months
from toegang.errors import DomainError

T = [Periode(date(2026, 1, 1), date(2026, 12, 31), 3200), Periode(date(2027, 1, 1), None, 3300)]


def test_per_week_four_weeks_of_three_hours_is_twelve_hours():
    k = expected_cost(T, 3, "04", "2", date(2026, 12, 1), date(2026, 12, 28))
    assert k.total_cents == 12 * 3200  # 28 days × 3/7 uur = 12 uur × € 32,00 = € 384,00
    assert k.breakdown[0][3] == Decimal(12)


def test_tariff_change_mid_period():
    # 18 Dec – 31 Dec 2026: 14 days × 3/7 = 6 uur × € 32 = € 192
    #  1 Jan – 14 Jan 2027: 14 days × 3/7 = 6 uur × € 33 = € 198
    k = expected_cost(T, 3, "04", "2", date(2026, 12, 18), date(2027, 1, 14))
    assert k.total_cents == 19200 + 19800
    assert [(b[2], b[4]) for b in k.breakdown] == [(3200, 19200), (3300, 19800)]
    assert k.per_12_months_cents == round(39000 * 365 / 28)  # 508.392,86 → 508393


def test_per_dag():
    k = expected_cost([Periode(date(2026, 1, 1), None, 15200)], 1, "14", "1", date(2026, 3, 1), date(2026, 3, 31))
    assert k.total_cents == 31 * 15200


def test_per_maand_whole_and_partial_months():
    tarief = [Periode(date(2026, 1, 1), None, 4200)]
    assert expected_cost(tarief, 1, "82", "4", date(2026, 1, 1), date(2026, 12, 31)).total_cents == 12 * 4200
    # 16–28 February 2026 (13 of 28 days) + all of March: 13/28 × 42 + 42 = 61,50
    k = expected_cost(tarief, 1, "82", "4", date(2026, 2, 16), date(2026, 3, 31))
    assert k.total_cents == 4200 * 13 // 28 + 4200


def test_totaal_binnen_geldigheidsduur_spread_over_the_tariffs():
    # 600 minuten over 10 days that straddle a tariff change: 6 days at 2,05 and 4 days at 2,10 per minute.
    t = [Periode(date(2026, 1, 1), date(2026, 12, 31), 205), Periode(date(2027, 1, 1), None, 210)]
    k = expected_cost(t, 600, "01", "6", date(2026, 12, 26), date(2027, 1, 4))
    assert k.total_cents == 360 * 205 + 240 * 210  # 738,00 + 504,00


def test_euros_ignore_tariffs():
    k = expected_cost([], Decimal("8450.50"), "83", "6", date(2026, 5, 1), date(2026, 5, 1))
    assert k.total_cents == 845050


def test_open_ended_is_costed_over_twelve_months():
    k = expected_cost([Periode(date(2026, 1, 1), None, 3250)], 2, "04", "2", date(2026, 1, 1), None)
    assert k.open_ended and k.days == 365
    assert k.total_cents == round(365 * 2 / 7 * 3250)  # 338.928,57 → 338929
    assert k.per_12_months_cents == k.total_cents


def test_rounding_half_up_once():
    # 1 uur per week for 1 day at € 0,35: 1/7 × 35 = 5 cents exactly? 35/7 = 5 — use 0,36: 36/7 = 5,142 → 5
    assert expected_cost([Periode(date(2026, 1, 1), None, 36)], 1, "04", "2", date(2026, 1, 5),
                         date(2026, 1, 5)).total_cents == 5
    # 1 uur per week for 7 days at € 0,01 + … summed first, rounded once: 7 × 1/7 × 1 = 1
    assert expected_cost([Periode(date(2026, 1, 1), None, 1)], 1, "04", "2", date(2026, 1, 5),
                         date(2026, 1, 11)).total_cents == 1


def test_missing_tariff_is_a_dutch_error():
    with pytest.raises(DomainError, match="geen tarief"):
        expected_cost([Periode(date(2027, 1, 1), None, 3300)], 3, "04", "2", date(2026, 12, 1), date(2027, 1, 31),
                      "Hulp bij het huishouden")


def test_budget_per_12_months():
    assert per_12_months(1_200_000, date(2026, 1, 1), date(2026, 6, 30)) == round(1_200_000 * 365 / 181)
    assert per_12_months(1_200_000, date(2026, 1, 1), None) == 1_200_000
