"""Statutory deadlines (termijnen) of a hulpvraag, computed in one place.

Operations, templates and monitoring must agree on when a term ends, so the rules live here and
nowhere else. The module is pure: plain dataclasses in, plain dataclasses out, no database and no
clock (the caller passes the reference date "today"), which keeps every rule testable by hand.

The rules (DOMAIN.md §2):

- **Wmo 2015 art. 2.3.2**: the onderzoek ends within six weeks of the melding.
- **Wmo 2015 art. 2.3.5 lid 2**: the beschikking follows within two weeks of the aanvraag.
- **Awb art. 4:13 lid 2**: Jeugdwet and Participatiewet have no term of their own, so the Awb's eight
  weeks apply to the beschikking. They have no onderzoek term.
- A term of N weeks from day D ends on D + 7·N days (the day of the melding or aanvraag itself does
  not count), e.g. melding Monday 2 November 2026 → onderzoek ends Monday 14 December 2026.
- **Awb art. 4:15 (opschorting)**: the term stops running from the day after the applicant is asked
  to complete the aanvraag until the day the aanvulling arrives, so a period ``start``–``end``
  suspends ``end - start`` days: the days ``start + 1`` up to and including ``end``. Overlapping
  periods count each day once. A period that is still open suspends up to the reference date, and
  the result says the term is currently suspended. A request made after the term has already
  expired cannot suspend it (nothing is left to suspend) and is reported as a warning. The same
  periods also suspend the Wmo onderzoek term: the Wmo has no opschorting rule of its own, so that
  is this application's policy choice (in practice: an extension agreed with the resident).
- **Awb art. 4:14 (verdaging)**: the applicant is told, before the term ends, that the decision
  will be late and by when it will come. That date replaces the beschikking deadline; with several
  verdagingen the last one (by notice date) counts. A notice after the deadline in force has no
  legal effect, nor has a "new" date that is not later than that deadline: the form refuses them
  with :func:`validate_postponement`, and :func:`compute_deadlines` ignores them with a warning
  rather than hide an overdue case behind a void date. Opschorting that runs after the notice also
  moves the verdaagde date; opschorting before the notice is taken to be in the date chosen.
- **Algemene termijnenwet (Atw) art. 1**: a term set *by law* that ends on a Saturday, Sunday or
  algemeen erkende feestdag runs on to the next day that is none of these. A verdaagde date is set
  by the bestuursorgaan, not by law, so it is not shifted: choose a working day. Atw art. 2 (at least
  two working days in a term) cannot bite on terms of whole weeks.

Algemeen erkende feestdagen (Atw art. 3) are taken from the ``holidays`` package's NL calendar and
adjusted to the Atw list:

- lid 1: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, beide Kerstdagen, the
  day the King's birthday is celebrated (Koningsdag: 27 April, 26 April when the 27th is a Sunday —
  the package handles that) and **5 May every year**. The package lists Bevrijdingsdag only in
  lustrum years (2025, 2030, ...), so 5 May is added here.
- lid 2: **Goede Vrijdag** is "met de in het vorige lid genoemde dagen gelijkgesteld", so it *does*
  extend a term. The package lists it, and it is kept.
- Eerste Paasdag and Eerste Pinksterdag are in the package but not in the Atw; they are dropped
  (always a Sunday, so this changes no result — it keeps the set exact).
- lid 3: days that the Crown assigns by besluit in the Staatscourant (typically the Friday after
  Hemelvaartsdag, "bridge days" next to holidays), published for three years at a time. They cannot
  be derived from a calendar, so callers pass them as ``extra_holidays`` (configuration, e.g. kept
  by the functioneel beheerder). Without them a deadline may come out one day early, never late.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

import holidays

__all__ = [
    "CaseDates",
    "Deadline",
    "Deadlines",
    "Kind",
    "Law",
    "Postponement",
    "Suspension",
    "apply_atw",
    "atw_holidays",
    "compute_deadlines",
    "format_date_nl",
    "is_atw_non_working_day",
    "nearest_open_deadline",
    "validate_postponement",
    "werkvoorraad_sort_key",
]

_ONE_DAY = timedelta(days=1)
_NO_HOLIDAYS: frozenset[date] = frozenset()


class Law(enum.StrEnum):
    """A law under which a hulpvraag falls; the values match ``Hulpvraag.wetten``."""

    WMO = "WMO"
    JW = "JW"
    PW = "PW"

    @property
    def label(self) -> str:
        return {"WMO": "Wmo 2015", "JW": "Jeugdwet", "PW": "Participatiewet"}[self.value]


class Kind(enum.StrEnum):
    """What must be finished by the deadline."""

    ONDERZOEK = "onderzoek"
    BESCHIKKING = "beschikking"

    @property
    def label(self) -> str:
        return {"onderzoek": "Onderzoek", "beschikking": "Beschikking"}[self.value]


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspension:
    """An opschorting (Awb 4:15): ``start`` = the day the applicant was asked to complete the
    aanvraag, ``end`` = the day the aanvulling arrived or its term lapsed; ``None`` = still running."""

    start: date
    end: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Postponement:
    """A verdaging (Awb 4:14): the notice sent on ``notice_date`` says the decision comes by
    ``new_deadline``. ``law`` limits it to one law's beschikking; ``None`` = every beschikking term
    of the hulpvraag (the model has one verdaging list per hulpvraag)."""

    notice_date: date
    new_deadline: date
    reason: str = ""
    law: Law | None = None


@dataclass(frozen=True)
class CaseDates:
    """The facts of one hulpvraag that its deadlines depend on.

    ``laws`` accepts the strings of ``Hulpvraag.wetten`` ("WMO", "JW", "PW"). ``aanvraag_datum``
    ``None`` means no aanvraag yet, so no beschikking term runs. ``onderzoek_afgerond_op`` and
    ``besluit_datum`` close the onderzoek and beschikking terms.
    """

    laws: tuple[Law, ...]
    melddatum: date
    aanvraag_datum: date | None = None
    onderzoek_afgerond_op: date | None = None
    besluit_datum: date | None = None
    suspensions: tuple[Suspension, ...] = ()
    postponements: tuple[Postponement, ...] = ()

    def __post_init__(self) -> None:
        # Accept plain strings and lists from the ORM; keep the dataclass hashable and ordered.
        laws = tuple(dict.fromkeys(Law(law) for law in self.laws))
        object.__setattr__(self, "laws", laws)
        object.__setattr__(self, "suspensions", tuple(self.suspensions))
        object.__setattr__(self, "postponements", tuple(self.postponements))


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline of a hulpvraag as of ``reference_date``.

    ``start`` is the melddatum (onderzoek) or aanvraagdatum (beschikking); ``original`` the bare
    statutory end (start + N weeks); ``effective`` the day that counts, after opschorting, verdaging
    and the Atw shift (``atw_shifted`` says whether the Atw moved it). ``suspended_days`` counts every
    day the term was suspended, also days before a verdaging that replaced the date. A term with
    ``completed_on`` set no longer counts but is kept, so monitoring can see whether it was on time.
    The texts never rely on colour alone.
    """

    law: Law
    kind: Kind
    legal_basis: str
    start: date
    original: date
    effective: date
    atw_shifted: bool
    suspended_days: int
    currently_suspended: bool
    postponed: bool
    completed_on: date | None
    reference_date: date

    @property
    def code(self) -> str:
        """Short stable key, e.g. ``"WMO-onderzoek"`` (fits ``Hulpvraag.termijn_soort``)."""
        return f"{self.law.value}-{self.kind.value}"

    @property
    def label(self) -> str:
        """Dutch name for lists, e.g. "Onderzoek Wmo 2015" or "Beschikking Jeugdwet"."""
        return f"{self.kind.label} {self.law.label}"

    @property
    def is_open(self) -> bool:
        """Whether the deadline still counts (the onderzoek or beschikking is not done yet)."""
        return self.completed_on is None

    @property
    def days_left(self) -> int | None:
        """Days until the effective deadline (0 on the day itself and when overdue); None if done."""
        if not self.is_open:
            return None
        return max(0, (self.effective - self.reference_date).days)

    @property
    def days_overdue(self) -> int | None:
        """Days past the effective deadline (0 if not overdue); None if done."""
        if not self.is_open:
            return None
        return max(0, (self.reference_date - self.effective).days)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.reference_date > self.effective

    @property
    def completed_in_time(self) -> bool | None:
        """For monitoring (how many exceeded the legal term); None while still open."""
        if self.completed_on is None:
            return None
        return self.completed_on <= self.effective

    @property
    def status_text(self) -> str:
        """Dutch status that works without colour: "nog 5 dagen", "vandaag", "1 dag te laat",
        "opgeschort", "afgerond"."""
        if not self.is_open:
            return "afgerond"
        if self.currently_suspended:
            return "opgeschort"
        if self.is_overdue:
            return f"{_days_nl(self.days_overdue or 0)} te laat"
        if self.days_left == 0:
            return "vandaag"
        return f"nog {_days_nl(self.days_left or 0)}"


@dataclass(frozen=True)
class Deadlines:
    """All deadlines of one hulpvraag, plus Dutch warnings about data that had no legal effect."""

    deadlines: tuple[Deadline, ...]
    reference_date: date
    warnings: tuple[str, ...] = field(default=())

    @property
    def open(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.is_open)

    @property
    def nearest(self) -> Deadline | None:
        """The overall nearest open deadline (see :func:`nearest_open_deadline`)."""
        return nearest_open_deadline(self.deadlines)

    def for_law(self, law: Law | str) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.law == Law(law))


# --------------------------------------------------------------------------------------------
# Algemene termijnenwet
# --------------------------------------------------------------------------------------------

#: Names (``language="nl"``) the package lists that are not algemeen erkende feestdagen in the Atw.
_NOT_IN_ATW = frozenset({"Eerste paasdag", "Eerste pinksterdag"})


@functools.lru_cache(maxsize=64)
def atw_holidays(year: int) -> Mapping[date, str]:
    """The algemeen erkende feestdagen of Atw art. 3 lid 1 and 2 in ``year``, with Dutch names.

    See the module docstring for how this differs from the ``holidays`` package's NL calendar.
    Cached (the set is fixed per year and looked up for every day a deadline is shifted), hence
    read-only.
    """
    calendar = holidays.country_holidays("NL", years=year, language="nl")
    result = {day: name for day, name in calendar.items() if name not in _NOT_IN_ATW}
    result.setdefault(date(year, 5, 5), "Bevrijdingsdag")
    return MappingProxyType(dict(sorted(result.items())))


def is_atw_non_working_day(day: date, extra_holidays: Collection[date] = _NO_HOLIDAYS) -> bool:
    """Whether a statutory term may not end on ``day``: Saturday, Sunday, Atw feestdag, or a day
    assigned under Atw art. 3 lid 3 (``extra_holidays``)."""
    return day.weekday() >= 5 or day in atw_holidays(day.year) or day in extra_holidays


def apply_atw(day: date, extra_holidays: Iterable[date] = _NO_HOLIDAYS) -> date:
    """Atw art. 1: move a statutory deadline to the first day that is not a non-working day."""
    extra = frozenset(extra_holidays)
    while is_atw_non_working_day(day, extra):
        day += _ONE_DAY
    return day


# --------------------------------------------------------------------------------------------
# Term rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    kind: Kind
    weeks: int
    legal_basis: str


_RULES: dict[Law, tuple[_Rule, ...]] = {
    Law.WMO: (
        _Rule(Kind.ONDERZOEK, 6, "Wmo 2015 art. 2.3.2"),
        _Rule(Kind.BESCHIKKING, 2, "Wmo 2015 art. 2.3.5 lid 2"),
    ),
    Law.JW: (_Rule(Kind.BESCHIKKING, 8, "Awb art. 4:13 lid 2"),),
    Law.PW: (_Rule(Kind.BESCHIKKING, 8, "Awb art. 4:13 lid 2"),),
}


# --------------------------------------------------------------------------------------------
# Opschorting
# --------------------------------------------------------------------------------------------


def _suspended_intervals(suspensions: Iterable[Suspension], until: date) -> list[tuple[date, date]]:
    """Merge the periods into disjoint intervals ``(start, end]`` of suspended days.

    Open periods run up to ``until``; periods that have not started by then are left out. Merging
    makes overlapping or touching periods count each day once.
    """
    raw = sorted((s.start, min(s.end or until, until)) for s in suspensions if s.start <= until)
    merged: list[tuple[date, date]] = []
    for start, end in raw:
        end = max(start, end)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(intervals: Iterable[tuple[date, date]], after: date | None, upto: date | None) -> list[tuple[date, date]]:
    """The parts of ``intervals`` whose days lie in ``(after, upto]`` (``None`` = unbounded)."""
    clipped = []
    for start, end in intervals:
        lo = start if after is None else max(start, after)
        hi = end if upto is None else min(end, upto)
        if hi > lo:
            clipped.append((lo, hi))
    return clipped


def _extend(
    deadline: date, intervals: Iterable[tuple[date, date]], in_force: _InForce
) -> tuple[date, int, list[date]]:
    """Move ``deadline`` by the suspended days of intervals that began while the term still ran.

    Returns the new deadline, the days added, and the starts of intervals that were too late to
    suspend anything (for a warning).
    """
    added = 0
    too_late: list[date] = []
    for start, end in intervals:
        if start > in_force(deadline):
            too_late.append(start)
            continue
        days = (end - start).days
        # A request on a day of Atw grace (raw end on Saturday, request on Monday) has no running
        # days left to suspend: the remainder (none) resumes when the aanvulling arrives.
        deadline = max(deadline, start) + timedelta(days=days)
        added += days
    return deadline, added, too_late


class _InForce:
    """The deadline as it binds: Atw-shifted while the term is statutory, as set after a verdaging."""

    def __init__(self, extra_holidays: frozenset[date]) -> None:
        self.extra_holidays = extra_holidays
        self.statutory = True

    def __call__(self, deadline: date) -> date:
        return apply_atw(deadline, self.extra_holidays) if self.statutory else deadline


# --------------------------------------------------------------------------------------------
# Verdaging
# --------------------------------------------------------------------------------------------


def _postponement_error(postponement: Postponement, deadline_in_force: date, law: Law, several: bool) -> str | None:
    """The Dutch reason why a verdaging has no legal effect, or None if it is valid."""
    wet = f" ({law.label})" if several else ""
    if postponement.notice_date > deadline_in_force:
        return (
            f"De verdaging is te laat: de mededeling van {format_date_nl(postponement.notice_date)} ligt na "
            f"het einde van de beslistermijn{wet} op {format_date_nl(deadline_in_force)}. "
            "Verdagen kan alleen binnen de termijn (Awb art. 4:14)."
        )
    if postponement.new_deadline <= deadline_in_force:
        return (
            f"De nieuwe beslisdatum {format_date_nl(postponement.new_deadline)} moet later zijn dan de "
            f"huidige uiterste beslisdatum{wet}, {format_date_nl(deadline_in_force)}."
        )
    return None


def _applies_to(postponement: Postponement, law: Law) -> bool:
    return postponement.law is None or Law(postponement.law) == law


# --------------------------------------------------------------------------------------------
# Computing one term
# --------------------------------------------------------------------------------------------


@dataclass
class _Outcome:
    """Working state of one term while its events are applied."""

    deadline: date
    suspended_days: int = 0
    postponed: bool = False
    warnings: list[str] = field(default_factory=list)
    #: the error of each void verdaging, keyed by its position in the sorted list
    postponement_errors: dict[int, str] = field(default_factory=dict)


def _run_term(
    start: date,
    rule: _Rule,
    law: Law,
    suspensions: Iterable[Suspension],
    postponements: list[Postponement],
    until: date,
    extra_holidays: frozenset[date],
    several_laws: bool,
) -> tuple[_Outcome, _InForce]:
    """Apply opschorting and verdaging, in date order, to one term starting on ``start``.

    Suspended days up to a verdaging notice extend the term the notice is checked against; days
    after it extend the verdaagde date. ``postponements`` must be sorted by notice date; open
    opschortingen run up to ``until`` (today, or the day the term was completed).
    """
    in_force = _InForce(extra_holidays)
    outcome = _Outcome(deadline=start + timedelta(weeks=rule.weeks))
    intervals = _suspended_intervals(suspensions, until)
    term_label = f"{rule.kind.label.lower()} {law.label}"
    previous_notice: date | None = None
    for index, postponement in enumerate(postponements):
        if rule.kind is not Kind.BESCHIKKING or not _applies_to(postponement, law):
            continue
        if postponement.notice_date > until:
            continue  # sent after the decision (or in the future): no effect as of ``until``
        _apply_intervals(
            outcome, _clip(intervals, previous_notice, postponement.notice_date), in_force, term_label
        )
        previous_notice = postponement.notice_date
        error = _postponement_error(postponement, in_force(outcome.deadline), law, several_laws)
        if error:
            outcome.postponement_errors[index] = error
            continue
        outcome.deadline = postponement.new_deadline
        outcome.postponed = True
        in_force.statutory = False
    _apply_intervals(outcome, _clip(intervals, previous_notice, None), in_force, term_label)
    return outcome, in_force


def _apply_intervals(
    outcome: _Outcome, intervals: list[tuple[date, date]], in_force: _InForce, term_label: str
) -> None:
    outcome.deadline, added, too_late = _extend(outcome.deadline, intervals, in_force)
    outcome.suspended_days += added
    outcome.warnings.extend(
        f"De opschorting vanaf {format_date_nl(day)} telt niet mee voor de termijn {term_label}: "
        "die was toen al verstreken."
        for day in too_late
    )


def _term_start(rule: _Rule, case: CaseDates) -> date | None:
    return case.melddatum if rule.kind is Kind.ONDERZOEK else case.aanvraag_datum


def _term_completed(rule: _Rule, case: CaseDates) -> date | None:
    return case.onderzoek_afgerond_op if rule.kind is Kind.ONDERZOEK else case.besluit_datum


def _deadline(
    case: CaseDates, law: Law, rule: _Rule, today: date, extra_holidays: frozenset[date]
) -> tuple[Deadline, list[str]] | None:
    start = _term_start(rule, case)
    if start is None:
        return None
    completed_on = _term_completed(rule, case)
    until = completed_on or today
    postponements = sorted(case.postponements, key=lambda p: p.notice_date)
    outcome, in_force = _run_term(
        start, rule, law, case.suspensions, postponements, until, extra_holidays, len(case.laws) > 1
    )
    effective = in_force(outcome.deadline)
    currently_suspended = completed_on is None and any(
        s.end is None and s.start <= today and s.start <= effective for s in case.suspensions
    )
    deadline = Deadline(
        law=law,
        kind=rule.kind,
        legal_basis=rule.legal_basis,
        start=start,
        original=start + timedelta(weeks=rule.weeks),
        effective=effective,
        atw_shifted=effective != outcome.deadline,
        suspended_days=outcome.suspended_days,
        currently_suspended=currently_suspended,
        postponed=outcome.postponed,
        completed_on=completed_on,
        reference_date=today,
    )
    return deadline, [*outcome.warnings, *outcome.postponement_errors.values()]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def compute_deadlines(case: CaseDates, today: date, extra_holidays: Iterable[date] = _NO_HOLIDAYS) -> Deadlines:
    """Every statutory deadline of the hulpvraag as of ``today``, per law and kind.

    Never raises on stored data: a verdaging or opschorting without legal effect is ignored and
    explained in ``warnings`` (Dutch, for the consultant), so a list page cannot break on one case.
    Completed terms are kept (``is_open`` False) so monitoring can see whether they were on time.
    """
    extra = frozenset(extra_holidays)
    deadlines: list[Deadline] = []
    warnings: list[str] = []
    for law in case.laws:
        for rule in _RULES[law]:
            computed = _deadline(case, law, rule, today, extra)
            if computed is None:
                continue
            deadline, term_warnings = computed
            deadlines.append(deadline)
            warnings.extend(w for w in term_warnings if w not in warnings)
    return Deadlines(deadlines=tuple(deadlines), reference_date=today, warnings=tuple(warnings))


def validate_postponement(
    case: CaseDates, postponement: Postponement, extra_holidays: Iterable[date] = _NO_HOLIDAYS
) -> None:
    """Check a new verdaging before it is saved; raise ``ValueError`` with a Dutch message if the
    form must refuse it.

    It is checked against the deadline in force on its notice date for every beschikking term it
    applies to (after opschorting, the Atw shift and earlier verdagingen in ``case``).
    """
    if case.aanvraag_datum is None:
        raise ValueError("Er is nog geen aanvraag ontvangen, dus er loopt geen beslistermijn om te verdagen.")
    if postponement.notice_date < case.aanvraag_datum:
        raise ValueError(
            f"De mededeling van {format_date_nl(postponement.notice_date)} ligt vóór de aanvraag van "
            f"{format_date_nl(case.aanvraag_datum)}."
        )
    if case.besluit_datum is not None and postponement.notice_date > case.besluit_datum:
        raise ValueError(f"Er is al besloten op {format_date_nl(case.besluit_datum)}; verdagen kan niet meer.")
    laws = [law for law in case.laws if _applies_to(postponement, law)]
    if not laws:
        raise ValueError("De verdaging hoort bij een wet die niet op deze hulpvraag van toepassing is.")
    extra = frozenset(extra_holidays)
    # The notice date is the "today" of the check: an open opschorting counts up to it.
    earlier = sorted((p for p in case.postponements if p.notice_date <= postponement.notice_date),
                     key=lambda p: p.notice_date)
    postponements = [*earlier, postponement]
    for law in laws:
        for rule in _RULES[law]:
            if rule.kind is not Kind.BESCHIKKING:
                continue
            outcome, _ = _run_term(
                case.aanvraag_datum, rule, law, case.suspensions, postponements,
                postponement.notice_date, extra, len(case.laws) > 1,
            )
            error = outcome.postponement_errors.get(len(postponements) - 1)
            if error:
                raise ValueError(error)


def nearest_open_deadline(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The open deadline that needs attention first: the earliest effective date, so overdue ones
    come first (most overdue first), then the soonest.

    Running terms win over suspended ones, because a suspended term's date still moves every day
    (``Hulpvraag.termijn_datum`` stays NULL then); a suspended term is returned only when no term
    runs. Ties: onderzoek before beschikking, then by law.
    """
    open_deadlines = [d for d in deadlines if d.is_open]
    if not open_deadlines:
        return None
    return min(open_deadlines, key=_nearest_key)


def werkvoorraad_sort_key(deadlines: Deadlines | Iterable[Deadline]) -> tuple[int, date]:
    """Sort key for a werkvoorraad: running deadlines by date (overdue first), then hulpvragen whose
    terms are all suspended, then those without an open term."""
    items = deadlines.deadlines if isinstance(deadlines, Deadlines) else deadlines
    nearest = nearest_open_deadline(items)
    if nearest is None:
        return (2, date.max)
    return (1 if nearest.currently_suspended else 0, nearest.effective)


_KIND_ORDER = {Kind.ONDERZOEK: 0, Kind.BESCHIKKING: 1}
_LAW_ORDER = {Law.WMO: 0, Law.JW: 1, Law.PW: 2}


def _nearest_key(deadline: Deadline) -> tuple[bool, date, int, int]:
    return (deadline.currently_suspended, deadline.effective, _KIND_ORDER[deadline.kind], _LAW_ORDER[deadline.law])


# --------------------------------------------------------------------------------------------
# Dutch texts
# --------------------------------------------------------------------------------------------

_MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def format_date_nl(day: date) -> str:
    """"14 december 2026": independent of the server's locale."""
    return f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def _days_nl(count: int) -> str:
    return f"{count} dag" if count == 1 else f"{count} dagen"
