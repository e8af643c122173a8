"""Validation of Dutch identifiers and formats, shared by forms, operations and the import.

Each function returns the normalised value or raises :class:`DomainError` with a Dutch message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from toegang.errors import DomainError

_POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
#: Letter pairs the PostNL system does not issue.
_POSTCODE_EXCLUDED = {"SA", "SD", "SS"}


def bsn_is_valid(value: str) -> bool:
    """The elfproef: (9·d1 + 8·d2 + … + 2·d8 − 1·d9) mod 11 = 0, and not all zeros."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True)) - int(value[8])
    return total % 11 == 0


def normalise_bsn(raw: str, field: str = "bsn") -> str:
    """Strip spaces and dots; pad an 8-digit number with a leading zero (as BRP does)."""
    value = re.sub(r"[\s.]", "", raw or "")
    if not value:
        raise DomainError("Vul het BSN in.", field)
    if not value.isdigit():
        raise DomainError("Een BSN bestaat alleen uit cijfers.", field)
    if len(value) == 8:
        value = "0" + value
    if len(value) != 9:
        raise DomainError("Een BSN heeft 9 cijfers (of 8 met een voorloopnul).", field)
    if not bsn_is_valid(value):
        raise DomainError("Dit BSN is ongeldig: het voldoet niet aan de elfproef. Controleer de cijfers.", field)
    return value


def normalise_postcode(raw: str, field: str = "postcode") -> str:
    """Return the postcode as "1234 AB"; empty stays empty."""
    if not (raw or "").strip():
        return ""
    match = _POSTCODE_RE.match(raw)
    if not match or match.group(2).upper() in _POSTCODE_EXCLUDED:
        raise DomainError("Vul een geldige postcode in, zoals 1234 AB.", field)
    return f"{match.group(1)} {match.group(2).upper()}"


def mask_bsn(bsn: str) -> str:
    """For screens where the full number is not needed: ******019."""
    return "*" * 6 + bsn[-3:] if len(bsn) == 9 else "*********"


def demo_bsns(start: int = 0) -> Iterator[str]:
    """Elfproef-valid BSNs in the 9999xxxxx test range, for demo data and fixtures — never real people."""
    for n in range(start, 100000):
        candidate = f"9999{n:05d}"
        if bsn_is_valid(candidate):
            yield candidate


def parse_euro(raw: str | None, field_name: str) -> int | None:
    """'1.234,56' or '1234.56' → 123456 cents; empty → None."""
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip().replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("Vul een bedrag in euro's in, bijvoorbeeld 1250,00.", field_name) from None
    if value < 0 or value > Decimal("100000000"):
        raise DomainError("Vul een bedrag tussen 0 en 100 miljoen euro in.", field_name)
    return int((value * 100).quantize(Decimal("1")))
