"""Statutory deadlines of a hulpvraag (toegang.hulpvragen.termijnen).

Every expected date below was worked out by hand with a calendar (weekday noted in the comment),
not copied from the code's output.
"""

from datetime import date

import pytest

from toegang.hulpvragen.termijnen import (
    CaseDates,
    Deadline,
    Kind,
    Law,
    Postponement,
    Suspension,
    apply_atw,
    atw_holidays,
    compute_deadlines,
    format_date_nl,
    is_atw_non_working_day,
    nearest_open_deadline,
    validate_postponement,
    werkvoorraad_sort_key,
)

# Tue 3 March 2026 + 8 weeks = Tue 28 April 2026 (no holiday): the Jeugdwet case used throughout.
JW_AANVRAAG = date(2026, 3, 3)
JW_DEADLINE = date(2026, 4, 28)


def only(case: CaseDates, today: date, law: Law, kind: Kind, **kwargs) -> Deadline:
    """The single deadline of ``law`` and ``kind`` in the result."""
    matches = [d for d in compute_deadlines(case, today, **kwargs).deadlines if d.law == law and d.kind == kind]
    assert len(matches) == 1
    return matches[0]


def jw_case(**kwargs) -> CaseDates:
    return CaseDates(laws=(Law.JW,), melddatum=JW_AANVRAAG, aanvraag_datum=JW_AANVRAAG, **kwargs)


# --------------------------------------------------------------------------------------------
# Each law's deadlines
# --------------------------------------------------------------------------------------------


def test_wmo_onderzoek_six_weeks_after_melding():
    # Mon 2 Nov 2026 + 42 days = Mon 14 Dec 2026 (the example of the brief).
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 11, 2))
    d = only(case, date(2026, 11, 2), Law.WMO, Kind.ONDERZOEK)
    assert d.original == d.effective == date(2026, 12, 14)
    assert d.legal_basis == "Wmo 2015 art. 2.3.2"
    assert d.start == date(2026, 11, 2)
    assert not d.atw_shifted
    assert d.code == "WMO-onderzoek"
    assert d.label == "Onderzoek Wmo 2015"


def test_wmo_beschikking_two_weeks_after_aanvraag():
    # Mon 7 Dec 2026 + 14 days = Mon 21 Dec 2026.
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 11, 2), aanvraag_datum=date(2026, 12, 7))
    d = only(case, date(2026, 12, 7), Law.WMO, Kind.BESCHIKKING)
    assert d.effective == date(2026, 12, 21)
    assert d.legal_basis == "Wmo 2015 art. 2.3.5 lid 2"


@pytest.mark.parametrize("law", [Law.JW, Law.PW])
def test_jeugdwet_and_participatiewet_eight_weeks_awb(law):
    case = CaseDates(laws=(law,), melddatum=JW_AANVRAAG, aanvraag_datum=JW_AANVRAAG)
    result = compute_deadlines(case, JW_AANVRAAG)
    assert [(d.law, d.kind) for d in result.deadlines] == [(law, Kind.BESCHIKKING)]  # no onderzoek term
    (d,) = result.deadlines
    assert d.effective == JW_DEADLINE
    assert d.legal_basis == "Awb art. 4:13 lid 2"


def test_no_aanvraag_means_no_beschikking_deadline_yet():
    case = CaseDates(laws=("WMO", "JW"), melddatum=date(2026, 11, 2))
    result = compute_deadlines(case, date(2026, 11, 3))
    assert [(d.law, d.kind) for d in result.deadlines] == [(Law.WMO, Kind.ONDERZOEK)]


def test_laws_accept_strings_and_are_deduplicated():
    case = CaseDates(laws=["JW", Law.JW, "WMO"], melddatum=date(2026, 11, 2))
    assert case.laws == (Law.JW, Law.WMO)
    with pytest.raises(ValueError):
        CaseDates(laws=("WLZ",), melddatum=date(2026, 11, 2))


# --------------------------------------------------------------------------------------------
# Several laws
# --------------------------------------------------------------------------------------------


def wmo_jw_case(**kwargs) -> CaseDates:
    # Onderzoek Mon 14 Dec 2026; Wmo beschikking Mon 21 Dec 2026; Jeugdwet beschikking
    # Mon 7 Dec 2026 + 56 days = Mon 1 Feb 2027.
    return CaseDates(laws=("WMO", "JW"), melddatum=date(2026, 11, 2), aanvraag_datum=date(2026, 12, 7), **kwargs)


def test_several_laws_each_deadline_and_the_nearest():
    result = compute_deadlines(wmo_jw_case(), date(2026, 12, 10))
    got = {d.code: d.effective for d in result.deadlines}
    assert got == {
        "WMO-onderzoek": date(2026, 12, 14),
        "WMO-beschikking": date(2026, 12, 21),
        "JW-beschikking": date(2027, 2, 1),
    }
    assert result.nearest is not None and result.nearest.code == "WMO-onderzoek"
    assert [d.code for d in result.for_law("JW")] == ["JW-beschikking"]


def test_nearest_skips_completed_terms():
    result = compute_deadlines(wmo_jw_case(onderzoek_afgerond_op=date(2026, 12, 9)), date(2026, 12, 10))
    assert result.nearest is not None and result.nearest.code == "WMO-beschikking"


def test_nearest_puts_overdue_first():
    # On 16 Dec the onderzoek is 2 days late; it stays the most urgent.
    nearest = compute_deadlines(wmo_jw_case(), date(2026, 12, 16)).nearest
    assert nearest is not None and nearest.code == "WMO-onderzoek"
    assert nearest.status_text == "2 dagen te laat"


# --------------------------------------------------------------------------------------------
# Opschorting (Awb 4:15)
# --------------------------------------------------------------------------------------------


def test_closed_opschorting_moves_the_deadline():
    # 10 -> 20 March suspends 10 days: Tue 28 April + 10 = Fri 8 May 2026.
    case = jw_case(suspensions=(Suspension(date(2026, 3, 10), date(2026, 3, 20), "stukken opgevraagd"),))
    d = only(case, date(2026, 4, 1), Law.JW, Kind.BESCHIKKING)
    assert d.original == JW_DEADLINE
    assert d.effective == date(2026, 5, 8)
    assert d.suspended_days == 10
    assert not d.currently_suspended


def test_open_opschorting_runs_until_today_and_says_so():
    # Open since 10 March, today 25 March: 15 days so far -> Wed 13 May 2026.
    case = jw_case(suspensions=(Suspension(date(2026, 3, 10), None, "wacht op medisch advies"),))
    d = only(case, date(2026, 3, 25), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 15
    assert d.effective == date(2026, 5, 13)
    assert d.currently_suspended
    assert d.status_text == "opgeschort"


def test_opschorting_started_today_is_already_suspended():
    case = jw_case(suspensions=(Suspension(date(2026, 3, 10)),))
    d = only(case, date(2026, 3, 10), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 0
    assert d.currently_suspended


def test_overlapping_opschortingen_count_each_day_once():
    # (10, 20] and (15, 25] March = days 11..25 March = 15 days -> Wed 13 May 2026.
    case = jw_case(suspensions=(
        Suspension(date(2026, 3, 15), date(2026, 3, 25)),
        Suspension(date(2026, 3, 10), date(2026, 3, 20)),
    ))
    d = only(case, date(2026, 4, 1), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 15
    assert d.effective == date(2026, 5, 13)


def test_touching_and_nested_opschortingen():
    # (10, 15] + (15, 20] = 10 days; (12, 14] lies inside and adds nothing -> Fri 8 May 2026.
    case = jw_case(suspensions=(
        Suspension(date(2026, 3, 10), date(2026, 3, 15)),
        Suspension(date(2026, 3, 15), date(2026, 3, 20)),
        Suspension(date(2026, 3, 12), date(2026, 3, 14)),
    ))
    d = only(case, date(2026, 4, 1), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 10
    assert d.effective == date(2026, 5, 8)


def test_open_opschorting_overlapping_a_closed_one():
    # Closed (10, 20], open since 15 March, today 30 March: days 11..30 March = 20 -> Mon 18 May 2026.
    case = jw_case(suspensions=(
        Suspension(date(2026, 3, 10), date(2026, 3, 20)),
        Suspension(date(2026, 3, 15), None),
    ))
    d = only(case, date(2026, 3, 30), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 20
    assert d.effective == date(2026, 5, 18)
    assert d.currently_suspended


def test_opschorting_also_suspends_the_wmo_onderzoek():
    # Melding Mon 2 Nov 2026; (9, 16] Nov = 7 days: Mon 14 Dec + 7 = Mon 21 Dec 2026.
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 11, 2),
                     suspensions=(Suspension(date(2026, 11, 9), date(2026, 11, 16)),))
    d = only(case, date(2026, 11, 20), Law.WMO, Kind.ONDERZOEK)
    assert d.effective == date(2026, 12, 21)
    assert d.suspended_days == 7


def test_opschorting_after_the_term_expired_does_not_count():
    case = jw_case(suspensions=(Suspension(date(2026, 5, 1), date(2026, 5, 10)),))
    result = compute_deadlines(case, date(2026, 5, 12))
    (d,) = result.deadlines
    assert d.effective == JW_DEADLINE
    assert d.suspended_days == 0
    assert d.status_text == "14 dagen te laat"
    assert result.warnings == (
        "De opschorting vanaf 1 mei 2026 telt niet mee voor de termijn beschikking Jeugdwet: "
        "die was toen al verstreken.",
    )


def test_opschorting_in_the_atw_extension_still_counts():
    # Aanvraag Sat 7 March 2026 + 8 weeks = Sat 2 May, runs to Mon 4 May (Atw). A request on
    # Mon 4 May is within the term; no running days are left, so the term ends when the
    # aanvulling arrives on Fri 8 May 2026 (not 2 May + 4 = Wed 6 May, before the aanvulling).
    case = CaseDates(laws=("JW",), melddatum=date(2026, 3, 7), aanvraag_datum=date(2026, 3, 7),
                     suspensions=(Suspension(date(2026, 5, 4), date(2026, 5, 8)),))
    d = only(case, date(2026, 5, 8), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 4
    assert d.effective == date(2026, 5, 8)
    # Still open on Wed 6 May: suspended, not overdue.
    still_open = CaseDates(laws=("JW",), melddatum=date(2026, 3, 7), aanvraag_datum=date(2026, 3, 7),
                           suspensions=(Suspension(date(2026, 5, 4)),))
    d = only(still_open, date(2026, 5, 6), Law.JW, Kind.BESCHIKKING)
    assert d.currently_suspended and not d.is_overdue
    assert d.effective == date(2026, 5, 6)


def test_open_opschorting_stops_counting_when_the_term_is_completed():
    # Decided on 20 March with the period left open: only (10, 20] March counts.
    case = jw_case(besluit_datum=date(2026, 3, 20), suspensions=(Suspension(date(2026, 3, 10)),))
    d = only(case, date(2026, 6, 1), Law.JW, Kind.BESCHIKKING)
    assert d.suspended_days == 10
    assert not d.currently_suspended
    assert d.status_text == "afgerond"


# --------------------------------------------------------------------------------------------
# Verdaging (Awb 4:14)
# --------------------------------------------------------------------------------------------


def test_valid_verdaging_replaces_the_deadline():
    verdaging = Postponement(date(2026, 4, 20), date(2026, 5, 26), "advies nodig")
    validate_postponement(jw_case(), verdaging)  # does not raise
    d = only(jw_case(postponements=(verdaging,)), date(2026, 4, 21), Law.JW, Kind.BESCHIKKING)
    assert d.original == JW_DEADLINE
    assert d.effective == date(2026, 5, 26)
    assert d.postponed
    assert not d.atw_shifted


def test_the_last_verdaging_counts():
    first = Postponement(date(2026, 4, 20), date(2026, 5, 26))
    second = Postponement(date(2026, 5, 20), date(2026, 6, 9))
    case = jw_case(postponements=(second, first))  # order of input does not matter
    validate_postponement(jw_case(postponements=(first,)), second)
    assert only(case, date(2026, 5, 21), Law.JW, Kind.BESCHIKKING).effective == date(2026, 6, 9)


def test_verdaging_on_the_last_day_is_in_time():
    validate_postponement(jw_case(), Postponement(JW_DEADLINE, date(2026, 5, 26)))


def test_verdaging_notice_after_the_deadline_is_refused_in_dutch():
    late = Postponement(date(2026, 4, 29), date(2026, 5, 26))
    with pytest.raises(ValueError, match="te laat") as excinfo:
        validate_postponement(jw_case(), late)
    assert "29 april 2026" in str(excinfo.value)
    assert "28 april 2026" in str(excinfo.value)
    assert "Awb art. 4:14" in str(excinfo.value)


def test_verdaging_to_an_earlier_or_equal_date_is_refused():
    with pytest.raises(ValueError, match="moet later zijn dan"):
        validate_postponement(jw_case(), Postponement(date(2026, 4, 20), date(2026, 4, 27)))
    with pytest.raises(ValueError, match="moet later zijn dan"):
        validate_postponement(jw_case(), Postponement(date(2026, 4, 20), JW_DEADLINE))


def test_verdaging_without_aanvraag_or_after_the_decision_is_refused():
    no_aanvraag = CaseDates(laws=("JW",), melddatum=JW_AANVRAAG)
    with pytest.raises(ValueError, match="nog geen aanvraag"):
        validate_postponement(no_aanvraag, Postponement(date(2026, 4, 20), date(2026, 5, 26)))
    with pytest.raises(ValueError, match="vóór de aanvraag"):
        validate_postponement(jw_case(), Postponement(date(2026, 3, 1), date(2026, 5, 26)))
    with pytest.raises(ValueError, match="al besloten"):
        validate_postponement(jw_case(besluit_datum=date(2026, 4, 1)), Postponement(date(2026, 4, 20),
                                                                                      date(2026, 5, 26)))


def test_verdaging_is_checked_against_the_deadline_after_opschorting_and_atw():
    # Opschorting (10, 20] March moves the end to Fri 8 May: a notice on 5 May is in time.
    suspended = jw_case(suspensions=(Suspension(date(2026, 3, 10), date(2026, 3, 20)),))
    validate_postponement(suspended, Postponement(date(2026, 5, 5), date(2026, 6, 1)))
    # Aanvraag Sat 7 March: the term ends Sat 2 May but runs to Mon 4 May (Atw).
    saturday = CaseDates(laws=("JW",), melddatum=date(2026, 3, 7), aanvraag_datum=date(2026, 3, 7))
    validate_postponement(saturday, Postponement(date(2026, 5, 4), date(2026, 6, 1)))
    with pytest.raises(ValueError, match="4 mei 2026"):
        validate_postponement(saturday, Postponement(date(2026, 5, 5), date(2026, 6, 1)))


def test_void_verdaging_in_stored_data_is_ignored_with_a_warning():
    case = jw_case(postponements=(Postponement(date(2026, 4, 29), date(2026, 5, 26)),))
    result = compute_deadlines(case, date(2026, 5, 1))
    (d,) = result.deadlines
    assert d.effective == JW_DEADLINE
    assert not d.postponed
    assert d.status_text == "3 dagen te laat"
    assert len(result.warnings) == 1 and "te laat" in result.warnings[0]


def test_opschorting_after_the_notice_moves_the_verdaagde_date():
    # Verdaagd to Tue 26 May; then (1, 8] May suspended = 7 days -> Tue 2 June 2026.
    case = jw_case(
        postponements=(Postponement(date(2026, 4, 20), date(2026, 5, 26)),),
        suspensions=(Suspension(date(2026, 5, 1), date(2026, 5, 8)),),
    )
    d = only(case, date(2026, 5, 10), Law.JW, Kind.BESCHIKKING)
    assert d.effective == date(2026, 6, 2)
    assert d.suspended_days == 7


def test_verdaging_does_not_touch_the_onderzoek_and_may_target_one_law():
    # Wmo beschikking ends Mon 21 Dec 2026; the notice for the Jeugdwet on 5 Jan 2027 is late for
    # the Wmo but in time for the Jeugdwet (ends Mon 1 Feb 2027).
    for_jw = Postponement(date(2027, 1, 5), date(2027, 3, 1), law=Law.JW)
    validate_postponement(wmo_jw_case(), for_jw)
    result = compute_deadlines(wmo_jw_case(postponements=(for_jw,)), date(2027, 1, 6))
    got = {d.code: (d.effective, d.postponed) for d in result.deadlines}
    assert got == {
        "WMO-onderzoek": (date(2026, 12, 14), False),
        "WMO-beschikking": (date(2026, 12, 21), False),
        "JW-beschikking": (date(2027, 3, 1), True),
    }
    assert result.warnings == ()
    # Without a law it concerns both beschikkingen, and the Wmo one refuses it, naming the law.
    with pytest.raises(ValueError, match=r"\(Wmo 2015\)"):
        validate_postponement(wmo_jw_case(), Postponement(date(2027, 1, 5), date(2027, 3, 1)))


# --------------------------------------------------------------------------------------------
# Algemene termijnenwet
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statutory_end", "expected"),
    [
        (date(2026, 11, 14), date(2026, 11, 16)),  # Saturday -> Monday
        (date(2026, 11, 15), date(2026, 11, 16)),  # Sunday -> Monday
        (date(2026, 11, 17), date(2026, 11, 17)),  # ordinary Tuesday stays
        (date(2026, 4, 27), date(2026, 4, 28)),  # Koningsdag, Monday -> Tuesday
        (date(2027, 4, 27), date(2027, 4, 28)),  # Koningsdag, Tuesday -> Wednesday
        (date(2025, 4, 26), date(2025, 4, 28)),  # Koningsdag 2025 (Sat, 27th is a Sunday) -> Monday
        (date(2026, 4, 6), date(2026, 4, 7)),  # Tweede Paasdag -> Tuesday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Goede Vrijdag (Atw art. 3 lid 2) -> Sat, Sun, Mon 2e Paasdag -> Tue
        (date(2026, 5, 14), date(2026, 5, 15)),  # Hemelvaartsdag (Thursday) -> Friday
        (date(2026, 5, 25), date(2026, 5, 26)),  # Tweede Pinksterdag -> Tuesday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Fri 1e Kerstdag -> Sat 2e Kerstdag -> Sun -> Mon
        (date(2027, 1, 1), date(2027, 1, 4)),  # Nieuwjaarsdag (Friday) -> Monday
        (date(2026, 5, 5), date(2026, 5, 6)),  # 5 mei, not a lustrum year (Tuesday) -> Wednesday
        (date(2027, 5, 5), date(2027, 5, 7)),  # 5 mei 2027 (Wed) -> Thu 6 May is Hemelvaartsdag -> Fri
        (date(2025, 5, 5), date(2025, 5, 6)),  # 5 mei 2025, lustrum (Monday) -> Tuesday
    ],
)
def test_atw_shift(statutory_end, expected):
    assert apply_atw(statutory_end) == expected


def test_atw_set_for_2026_is_exactly_the_atw_list():
    assert atw_holidays(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede vrijdag",
        date(2026, 4, 6): "Tweede paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 25): "Tweede pinksterdag",
        date(2026, 12, 25): "Eerste kerstdag",
        date(2026, 12, 26): "Tweede kerstdag",
    }
    # Eerste Paas- and Pinksterdag are no Atw feestdagen, but Sundays anyway.
    assert date(2026, 4, 5) not in atw_holidays(2026)
    assert date(2026, 5, 24) not in atw_holidays(2026)
    assert is_atw_non_working_day(date(2026, 4, 5))


@pytest.mark.parametrize("year", [2025, 2031])
def test_koningsdag_moves_to_26_april_when_27_april_is_a_sunday(year):
    assert date(year, 4, 27).weekday() == 6
    assert date(year, 4, 26) in atw_holidays(year)
    assert date(year, 4, 27) not in atw_holidays(year)


def test_gelijkgestelde_dagen_are_passed_in():
    # Atw art. 3 lid 3: e.g. the Friday after Hemelvaartsdag, by Koninklijk Besluit.
    friday = date(2026, 5, 15)
    assert apply_atw(date(2026, 5, 14), extra_holidays={friday}) == date(2026, 5, 18)
    # Through compute_deadlines: Wmo beschikking, aanvraag Fri 1 May + 14 = Fri 15 May 2026.
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 4, 1), aanvraag_datum=date(2026, 5, 1))
    assert only(case, date(2026, 5, 1), Law.WMO, Kind.BESCHIKKING).effective == friday
    shifted = only(case, date(2026, 5, 1), Law.WMO, Kind.BESCHIKKING, extra_holidays=[friday])
    assert shifted.effective == date(2026, 5, 18)
    assert shifted.atw_shifted


def test_compute_reports_the_atw_shift():
    # Melding Mon 16 March 2026 + 6 weeks = Mon 27 April (Koningsdag) -> Tue 28 April 2026.
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 3, 16))
    d = only(case, date(2026, 3, 16), Law.WMO, Kind.ONDERZOEK)
    assert d.original == date(2026, 4, 27)
    assert d.effective == date(2026, 4, 28)
    assert d.atw_shifted


def test_saturday_deadline_through_compute():
    # Aanvraag Sat 31 Oct 2026 + 2 weeks = Sat 14 Nov -> Mon 16 Nov 2026.
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 10, 1), aanvraag_datum=date(2026, 10, 31))
    d = only(case, date(2026, 11, 2), Law.WMO, Kind.BESCHIKKING)
    assert (d.original, d.effective, d.atw_shifted) == (date(2026, 11, 14), date(2026, 11, 16), True)


def test_verdaagde_date_is_not_shifted_by_the_atw():
    # A date set by the bestuursorgaan is no term "in een wet gesteld": Sat 30 May 2026 stays.
    case = jw_case(postponements=(Postponement(date(2026, 4, 20), date(2026, 5, 30)),))
    d = only(case, date(2026, 4, 21), Law.JW, Kind.BESCHIKKING)
    assert d.effective == date(2026, 5, 30)
    assert not d.atw_shifted


# --------------------------------------------------------------------------------------------
# Days left / overdue and their texts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "left", "overdue", "text"),
    [
        (date(2026, 4, 23), 5, 0, "nog 5 dagen"),
        (date(2026, 4, 27), 1, 0, "nog 1 dag"),
        (JW_DEADLINE, 0, 0, "vandaag"),
        (date(2026, 4, 29), 0, 1, "1 dag te laat"),
        (date(2026, 5, 10), 0, 12, "12 dagen te laat"),
    ],
)
def test_days_left_and_overdue_texts(today, left, overdue, text):
    d = only(jw_case(), today, Law.JW, Kind.BESCHIKKING)
    assert (d.days_left, d.days_overdue, d.status_text) == (left, overdue, text)
    assert d.is_overdue == (overdue > 0)


# --------------------------------------------------------------------------------------------
# Completed terms
# --------------------------------------------------------------------------------------------


def test_completed_onderzoek_no_longer_counts():
    case = CaseDates(laws=("WMO",), melddatum=date(2026, 11, 2), onderzoek_afgerond_op=date(2026, 12, 1))
    result = compute_deadlines(case, date(2027, 1, 1))  # would be overdue if still open
    (d,) = result.deadlines
    assert not d.is_open
    assert (d.days_left, d.days_overdue, d.is_overdue) == (None, None, False)
    assert d.status_text == "afgerond"
    assert d.completed_in_time is True
    assert result.nearest is None
    assert result.open == ()


def test_completed_beschikking_no_longer_counts_and_lateness_is_kept():
    case = jw_case(besluit_datum=date(2026, 4, 30))
    d = only(case, date(2026, 6, 1), Law.JW, Kind.BESCHIKKING)
    assert not d.is_open
    assert d.completed_in_time is False  # decided 2 days after Tue 28 April
    assert nearest_open_deadline([d]) is None


# --------------------------------------------------------------------------------------------
# Werkvoorraad sorting
# --------------------------------------------------------------------------------------------


def test_werkvoorraad_sort_key_overdue_first_then_soonest_then_suspended_then_none():
    today = date(2026, 4, 20)
    cases = {
        "soon": jw_case(),  # Tue 28 April
        "overdue": CaseDates(laws=("WMO",), melddatum=date(2026, 3, 2)),  # Mon 13 April, 7 days late
        "later": CaseDates(laws=("PW",), melddatum=date(2026, 3, 20), aanvraag_datum=date(2026, 3, 20)),  # 15 May
        "suspended": jw_case(suspensions=(Suspension(date(2026, 4, 1)),)),
        "done": jw_case(besluit_datum=date(2026, 4, 1)),
    }
    keys = {name: werkvoorraad_sort_key(compute_deadlines(case, today)) for name, case in cases.items()}
    assert sorted(keys, key=keys.get) == ["overdue", "soon", "later", "suspended", "done"]
    assert keys["overdue"] == (0, date(2026, 4, 13))
    assert keys["done"] == (2, date.max)


def test_nearest_prefers_a_running_term_over_a_suspended_one():
    # Wmo onderzoek (Mon 14 Dec) is past its end when the opschorting starts on 15 Dec, so it keeps
    # running (late); the Wmo beschikking (Mon 21 Dec) is suspended.
    case = wmo_jw_case(suspensions=(Suspension(date(2026, 12, 15)),))
    result = compute_deadlines(case, date(2026, 12, 18))
    states = {d.code: d.currently_suspended for d in result.deadlines}
    assert states == {"WMO-onderzoek": False, "WMO-beschikking": True, "JW-beschikking": True}
    assert result.nearest is not None and result.nearest.code == "WMO-onderzoek"
    # With the onderzoek done only suspended terms are left: the nearest of them, sorted after running ones.
    done = compute_deadlines(wmo_jw_case(onderzoek_afgerond_op=date(2026, 12, 10),
                                         suspensions=(Suspension(date(2026, 12, 15)),)), date(2026, 12, 18))
    assert done.nearest is not None and done.nearest.code == "WMO-beschikking"
    assert werkvoorraad_sort_key(done)[0] == 1


def test_format_date_nl():
    assert format_date_nl(date(2026, 12, 14)) == "14 december 2026"
    assert format_date_nl(date(2027, 3, 1)) == "1 maart 2027"
