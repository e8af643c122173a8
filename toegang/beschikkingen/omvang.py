"""The omvang of an indicatie in plain Dutch words, as the letter says it: "3 uur per week"."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

#: (singular, plural) per eenheid code (WJ756).
EENHEDEN = {
    "01": ("minuut", "minuten"), "04": ("uur", "uur"), "14": ("etmaal", "etmalen"),
    "16": ("dagdeel", "dagdelen"), "82": ("stuk", "stuks"), "83": ("euro", "euro"), "84": ("keer", "keer"),
}
FREQUENTIES = {"1": "per dag", "2": "per week", "4": "per maand", "6": "in totaal"}


def omvang_in_woorden(volume: Decimal | int, eenheid: str, frequentie: str) -> str:
    value = Decimal(volume)
    number = format_decimal(value.normalize() if value == value.to_integral() else value, locale="nl_NL")
    singular, plural = EENHEDEN.get(eenheid, ("eenheid", "eenheden"))
    word = singular if value == 1 else plural
    if eenheid == "83":
        return f"€ {format_decimal(value, format='#,##0.00', locale='nl_NL')} {FREQUENTIES.get(frequentie, '')}".strip()
    return f"{number} {word} {FREQUENTIES.get(frequentie, '')}".strip()
