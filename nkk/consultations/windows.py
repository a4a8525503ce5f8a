"""Review windows (granskningsfönster): the fixed periods in which remiss and
synpunktsinhämtning run, computed for any year.

Remiss runs in four windows a year, synpunktsinhämtning in eight (the NKK process, see
DOMAIN.md). The nominal dates are data (`WINDOW_SPECS`), not branches. A window that starts on a
day off moves its start to the next working day; one that ends on a day off moves its end to the
previous working day, so a window only shrinks and never overlaps the next.

Days off are weekends, Swedish public holidays from the maintained `holidays` package, and the
three de facto non-working eves: midsommarafton, julafton and nyårsafton. `holidays` keeps those
in its DE_FACTO category for SE (they are not public holidays in law, but offices are closed and
nobody can be expected to open or close a review on them), so we ask for PUBLIC and DE_FACTO.
The "from 14.00" half days (BANK category, e.g. skärtorsdagen) are working days here.

This module is pure: no database. Stored adjustments by support staff (`ReviewWindow` rows) are
merged in by `selectors.windows_for_year`.
"""

import datetime
import functools
from dataclasses import dataclass

import holidays

from .choices import ConsultationKind

__all__ = ("WINDOW_SPECS", "Window", "computed_windows", "is_day_off", "next_working_day", "previous_working_day")


@dataclass(frozen=True)
class WindowSpec:
    """A window's nominal dates as (month, day); an end month before the start month means the
    window ends in the following year (remiss 15 Nov–14 Feb, synpunktsinhämtning 1 Dec–29 Jan)."""

    kind: str
    number: int
    start: tuple[int, int]
    end: tuple[int, int]


WINDOW_SPECS: tuple[WindowSpec, ...] = (
    WindowSpec(ConsultationKind.REMISS, 1, (2, 15), (4, 14)),
    WindowSpec(ConsultationKind.REMISS, 2, (4, 15), (6, 14)),
    WindowSpec(ConsultationKind.REMISS, 3, (9, 15), (11, 14)),
    WindowSpec(ConsultationKind.REMISS, 4, (11, 15), (2, 14)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 1, (2, 1), (3, 1)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 2, (3, 1), (3, 29)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 3, (4, 1), (4, 29)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 4, (5, 2), (5, 30)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 5, (9, 1), (9, 29)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 6, (10, 1), (10, 29)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 7, (11, 1), (11, 29)),
    WindowSpec(ConsultationKind.SYNPUNKTSINHAMTNING, 8, (12, 1), (1, 29)),
)


@functools.lru_cache(maxsize=64)
def _days_off(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=(holidays.PUBLIC, holidays.DE_FACTO), language="sv")


def holiday_name(day: datetime.date) -> str | None:
    """The Swedish name of the holiday on `day` (public or de facto), or None."""
    return _days_off(day.year).get(day)


def is_day_off(day: datetime.date) -> bool:
    """Saturday, Sunday, a Swedish public holiday, or midsommarafton, julafton or nyårsafton."""
    return day.weekday() >= 5 or day in _days_off(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while is_day_off(day):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, otherwise the last working day before it."""
    while is_day_off(day):
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Window:
    """One review window: its nominal dates and the dates it actually opens and closes."""

    kind: str
    number: int
    nominal_start: datetime.date
    nominal_end: datetime.date
    opens_on: datetime.date
    closes_on: datetime.date
    note: str = ""
    stored_pk: int | None = None  # set when support staff have stored an adjusted window

    @property
    def key(self) -> str:
        """A stable name, e.g. "remiss-2026-1", used in addresses and forms."""
        return f"{self.kind}-{self.nominal_start.year}-{self.number}"

    @property
    def moved(self) -> bool:
        return (self.opens_on, self.closes_on) != (self.nominal_start, self.nominal_end)

    @property
    def kind_label(self) -> str:
        return ConsultationKind(self.kind).label

    def contains(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


def window_for(spec: WindowSpec, year: int) -> Window:
    """The window of `spec` that starts in `year`, with its dates moved off days off."""
    start = datetime.date(year, *spec.start)
    end_year = year + 1 if spec.end < spec.start else year
    end = datetime.date(end_year, *spec.end)
    return Window(
        kind=spec.kind,
        number=spec.number,
        nominal_start=start,
        nominal_end=end,
        opens_on=next_working_day(start),
        closes_on=previous_working_day(end),
    )


def computed_windows(year: int, kind: str | None = None) -> list[Window]:
    """The windows that start in `year` (a window crossing New Year belongs to its start year),
    of one kind or both, in order of opening."""
    windows = [window_for(spec, year) for spec in WINDOW_SPECS if kind is None or spec.kind == kind]
    return sorted(windows, key=lambda w: (w.opens_on, w.kind, w.number))


def parse_key(key: str) -> tuple[str, int, int] | None:
    """(kind, year, number) from a window's key, or None if it names no window."""
    kind, _, rest = key.rpartition("-")
    kind, _, year = kind.rpartition("-")
    if kind not in ConsultationKind.values or not year.isdigit() or not rest.isdigit():
        return None
    number = int(rest)
    if not any(spec.kind == kind and spec.number == number for spec in WINDOW_SPECS):
        return None
    return kind, int(year), number


def spec_of(kind: str, number: int) -> WindowSpec:
    return next(spec for spec in WINDOW_SPECS if spec.kind == kind and spec.number == number)
