"""Disclosure control: the CBS rule, proven by property tests (hypothesis) and a few examples."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toegang.monitoring import disclosure as dc
from toegang.monitoring.disclosure import Regels

RULES = Regels()


def _cross(grid: list[list[int]]) -> tuple[dict, list]:
    """A table with row totals, column totals and a grand total, and its additive lines."""
    raw: dict = {}
    lines: list = []
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        for c in range(cols):
            raw[(r, c)] = grid[r][c]
        raw[(r, "T")] = sum(grid[r])
        lines.append(([(r, c) for c in range(cols)], (r, "T")))
    for c in range(cols):
        raw[("T", c)] = sum(grid[r][c] for r in range(rows))
        lines.append(([(r, c) for r in range(rows)], ("T", c)))
    raw[("T", "T")] = sum(raw[(r, "T")] for r in range(rows))
    lines.append(([(r, "T") for r in range(rows)], ("T", "T")))
    lines.append(([("T", c) for c in range(cols)], ("T", "T")))
    return raw, lines


grids = st.integers(1, 6).flatmap(lambda rows: st.integers(1, 6).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 60), min_size=cols, max_size=cols), min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(grids)
def test_published_counts_are_multiples_of_five_and_never_1_to_7(grid):
    raw, lines = _cross(grid)
    for w in dc.publish_counts(raw, lines, RULES).values():
        if w.geheim:
            assert w.waarde is None
        else:
            assert w.waarde % 5 == 0
            assert not 1 <= w.waarde <= 7
            assert w.waarde != 0  # 0 is secret too under the CBS rule


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_secret_cell_can_be_recovered_from_published_margins(grid):
    raw, lines = _cross(grid)
    secret = dc.suppress(raw, lines, RULES)
    assert not dc.recoverable(raw, secret, lines), "a secret cell follows from the published margins"
    # ... and every small value is among the secrets
    assert all(k in secret for k, v in raw.items() if v <= 7)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12))
def test_one_dimensional_tables(values):
    raw = {i: v for i, v in enumerate(values)}
    raw["T"] = sum(values)
    lines = [(list(range(len(values))), "T")]
    secret = dc.suppress(raw, lines, RULES)
    assert not dc.recoverable(raw, secret, lines)
    published = dc.publish_counts(raw, lines, RULES)
    assert all(w.geheim or (w.waarde % 5 == 0 and w.waarde >= 10) for w in published.values())


def test_single_secret_in_a_margin_also_hides_the_next_smallest_cell():
    raw = {"a": 3, "b": 20, "c": 12, "T": 35}
    published = dc.publish_counts(raw, [(["a", "b", "c"], "T")], RULES)
    assert published["a"].geheim and published["a"].reden == dc.KLEIN_AANTAL
    assert published["c"].geheim and published["c"].reden == dc.COMPLEMENTAIR
    assert published["b"].waarde == 20 and published["T"].waarde == 35


def test_rounding_half_up_to_five():
    assert [dc.round_count(v, RULES) for v in (8, 12, 13, 17, 18, 100)] == [10, 10, 15, 15, 20, 100]


def test_amounts_need_ten_clients_and_no_dominant_client():
    assert dc.publish_amount(1_000_000, 9, 100_000, RULES).reden == dc.TE_WEINIG_CLIENTEN
    assert dc.publish_amount(1_000_000, 10, 300_001, RULES).reden == dc.DOMINANTIE
    ok = dc.publish_amount(1_000_049, 10, 300_000, RULES)
    assert not ok.geheim and ok.waarde == 10_000  # whole euros


def test_percentages_need_a_denominator_of_ten():
    assert dc.publish_percentage(1, 9, RULES).geheim
    assert dc.publish_percentage(1, 10, RULES).waarde == 10.0
    assert dc.publish_percentage(2, 3, Regels(min_noemer=1)).waarde == 66.7


def test_parameters_come_from_configuration(app):
    rules = Regels.from_config({**app.config, "MONITORING_AFRONDING": 10, "MONITORING_GEHEIM_TOT_EN_MET": 9})
    assert rules.afronding == 10 and rules.geheim_tot_en_met == 9
    assert Regels.from_config(app.config) == Regels()  # the CBS rule is the default
    assert dc.publish_count(14, rules).waarde == 10 and dc.publish_count(9, rules).geheim


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=1, max_size=60))
def test_median_and_p90_from_a_histogram_equal_percentile_cont(values):
    """SQLite computes percentiles from a per-day histogram; it must equal percentile_cont."""
    from collections import Counter

    from toegang.monitoring.queries import _from_histogram

    def percentile_cont(xs, p):
        xs = sorted(xs)
        pos = p * (len(xs) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (pos - lo) * (xs[hi] - xs[lo])

    hist = [(float(d), n, 0) for d, n in sorted(Counter(values).items())]
    v = _from_histogram(hist)
    assert v.n == len(values)
    assert abs(v.mediaan - percentile_cont(values, 0.5)) < 1e-9
    assert abs(v.p90 - percentile_cont(values, 0.9)) < 1e-9
