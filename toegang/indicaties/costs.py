"""The expected cost of an indicatie: from the product's tariffs, the pgb budget or the maatwerk budget."""

from __future__ import annotations

from toegang.catalogus.kosten import Periode, expected_cost, per_12_months
from toegang.indicaties.models import Indicatie, Leveringsvorm

__all__ = ["expected", "per_12_months"]


def expected(ind: Indicatie) -> tuple[int, int]:
    """(total cents, cents per 12 months)."""
    if ind.product is None:
        budget = ind.maatwerk_budget_cents or 0
        return budget, per_12_months(budget, ind.ingangsdatum, ind.einddatum)
    if ind.leveringsvorm is Leveringsvorm.PGB and ind.pgb_budget_cents:
        return ind.pgb_budget_cents, per_12_months(ind.pgb_budget_cents, ind.ingangsdatum, ind.einddatum)
    tarieven = [Periode(t.geldig_van, t.geldig_tot, t.bedrag_cents) for t in ind.product.tarieven]
    k = expected_cost(tarieven, ind.volume, ind.eenheid, ind.frequentie, ind.ingangsdatum, ind.einddatum,
                      ind.product.naam)
    return k.total_cents, k.per_12_months_cents
