"""Review windows: nominal dates from DOMAIN.md, starts moved forward and ends moved back off
weekends, Swedish public holidays and the de facto holidays (midsommarafton, julafton,
nyårsafton), for any year; support staff's stored adjustments win."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from nkk.consultations import selectors, services
from nkk.consultations import windows as calendar
from nkk.consultations.choices import ConsultationKind
from tests.factories import UserFactory, make_support_staff

D = datetime.date
REMISS = ConsultationKind.REMISS
SYNP = ConsultationKind.SYNPUNKTSINHAMTNING


def window(year, kind, number):
    return next(w for w in calendar.computed_windows(year, kind) if w.number == number)


def test_four_remiss_and_eight_synpunktsinhamtning_windows_a_year():
    assert len(calendar.computed_windows(2026, REMISS)) == 4
    assert len(calendar.computed_windows(2026, SYNP)) == 8
    assert len(calendar.computed_windows(2026)) == 12


@pytest.mark.parametrize("year", range(2024, 2036))
def test_every_window_opens_and_closes_on_a_working_day_and_only_shrinks(year):
    for w in calendar.computed_windows(year):
        assert not calendar.is_day_off(w.opens_on), w
        assert not calendar.is_day_off(w.closes_on), w
        assert w.nominal_start <= w.opens_on < w.closes_on <= w.nominal_end


def test_a_window_on_working_days_keeps_its_nominal_dates():
    w = window(2026, SYNP, 3)  # 1 April 2026 is a Wednesday, 29 April a Wednesday
    assert (w.opens_on, w.closes_on) == (D(2026, 4, 1), D(2026, 4, 29))
    assert not w.moved


def test_a_start_on_a_sunday_moves_to_monday():
    w = window(2026, SYNP, 1)  # 1 February 2026 is a Sunday
    assert w.nominal_start == D(2026, 2, 1)
    assert w.opens_on == D(2026, 2, 2)
    assert w.moved


def test_an_end_on_easter_monday_moves_back_past_easter_and_good_friday():
    # Synpunktsinhämtning 2 of 2027 nominally ends 29 March 2027: Easter Monday. The Sunday,
    # Saturday and Good Friday (26 March) before it are off too: it closes Thursday 25 March.
    w = window(2027, SYNP, 2)
    assert w.nominal_end == D(2027, 3, 29)
    assert calendar.holiday_name(D(2027, 3, 29)) == "Annandag påsk"
    assert w.closes_on == D(2027, 3, 25)


def test_an_end_on_a_saturday_moves_to_friday_and_a_crossing_window_belongs_to_its_start_year():
    w = window(2026, REMISS, 4)  # 15 Nov 2026 (Sunday) – 14 Feb 2027 (Sunday)
    assert (w.opens_on, w.closes_on) == (D(2026, 11, 16), D(2027, 2, 12))
    assert w.key == "remiss-2026-4"
    assert all(w.nominal_start.year == 2027 for w in calendar.computed_windows(2027))


def test_the_de_facto_eves_are_days_off_and_the_half_days_are_not():
    # holidays' SE PUBLIC category has none of the three eves; its DE_FACTO category has them.
    # Offices are closed on them, so a window neither opens nor closes on one.
    midsommarafton, julafton, nyarsafton = D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31)
    for day in (midsommarafton, julafton, nyarsafton):
        assert day.weekday() < 5
        assert calendar.is_day_off(day)
    assert calendar.previous_working_day(midsommarafton) == D(2026, 6, 18)
    assert calendar.next_working_day(midsommarafton) == D(2026, 6, 22)  # midsommardagen, Sunday
    assert calendar.next_working_day(julafton) == D(2026, 12, 28)  # juldagen, annandag jul, Sunday
    assert calendar.next_working_day(nyarsafton) == D(2027, 1, 4)  # nyårsdagen, weekend
    # Skärtorsdagen is a half day ("från kl. 14.00", the BANK category): a working day.
    assert not calendar.is_day_off(D(2026, 4, 2))


def test_an_end_on_midsummers_eve_moves_to_the_thursday_before():
    # No nominal window ends at midsummer; a window that staff would end there follows the
    # same rule as the computed ones.
    assert calendar.previous_working_day(D(2027, 6, 25)) == D(2027, 6, 24)  # midsommarafton 2027
    assert calendar.previous_working_day(D(2027, 6, 6)) == D(2027, 6, 4)  # nationaldagen on a Sunday


def test_ascension_day_and_may_day():
    assert calendar.is_day_off(D(2026, 5, 14))  # Kristi himmelsfärdsdag
    assert calendar.next_working_day(D(2026, 5, 1)) == D(2026, 5, 4)  # första maj Friday → Monday


def test_keys_parse_back():
    for w in calendar.computed_windows(2031):
        assert calendar.parse_key(w.key) == (w.kind, 2031, w.number)
    assert calendar.parse_key("remiss-2026-9") is None
    assert calendar.parse_key("annat-2026-1") is None


@pytest.mark.django_db
def test_stored_adjustment_wins_and_only_support_staff_adjust():
    with pytest.raises(PermissionDenied):
        services.window_store(kind=REMISS, year=2026, number=3, closes_on=D(2026, 11, 6), by=UserFactory())
    staff = make_support_staff()
    services.window_store(kind=REMISS, year=2026, number=3, closes_on=D(2026, 11, 6), note="Systembyte", by=staff)
    w = next(w for w in selectors.windows_for_year(2026, REMISS) if w.number == 3)
    assert (w.opens_on, w.closes_on, w.note) == (D(2026, 9, 15), D(2026, 11, 6), "Systembyte")
    assert w.stored_pk is not None
    # The other windows stay computed.
    assert next(w for w in selectors.windows_for_year(2026, REMISS) if w.number == 2).stored_pk is None


@pytest.mark.django_db
def test_a_stored_window_cannot_close_before_it_opens():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="stänga före"):
        services.window_store(kind=REMISS, year=2026, number=1, closes_on=D(2026, 1, 10))
