"""Dated periods: the one place that knows what "current" and "overlapping" mean.

A period is [start_date, end_date], both days inclusive, in Europe/Stockholm. A missing
start means "not known" (historical data), a missing end means "ongoing".
"""

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = (
    "EARLIEST_DATE",
    "LATEST_DATE",
    "check_dates_in_range",
    "date_in_range",
    "PeriodQuerySet",
    "active_on",
    "is_active",
    "no_overlap",
    "overlapping",
    "period_check",
    "period_range",
    "today",
)


#: The dates the portal accepts from people, files and URLs: the one place that bounds them.
#: Outside this range a date is a typo (0001-01-01, 9999-12-31), and date arithmetic (the day
#: before a start, the day after an end, three years on) would leave Python's calendar.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
DATE_RANGE_MESSAGE = _("Ange ett datum mellan %(earliest)s och %(latest)s.")


def date_in_range(value: datetime.date | None) -> bool:
    return value is None or EARLIEST_DATE <= value <= LATEST_DATE


def date_range_message() -> str:
    return DATE_RANGE_MESSAGE % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}


def check_dates_in_range(**dates: datetime.date | None) -> None:
    """Refuse, field by field, dates outside EARLIEST_DATE … LATEST_DATE (the services' guard)."""
    if errors := {name: date_range_message() for name, value in dates.items() if not date_in_range(value)}:
        raise ValidationError(errors)


def today() -> datetime.date:
    """Today's date in the portal's time zone (not UTC: a period ends at local midnight)."""
    return timezone.localdate()


def active_on(on: datetime.date, prefix: str = "") -> Q:
    """Filter for rows whose period includes the day `on`."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def overlapping(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Filter for rows whose period shares at least one day with [start, end]."""
    q = Q()
    if end is not None:
        q &= Q(start_date__isnull=True) | Q(start_date__lte=end)
    if start is not None:
        q &= Q(end_date__isnull=True) | Q(end_date__gte=start)
    return q


def period_check(name: str) -> models.CheckConstraint:
    """Database guarantee that a period does not end before it starts."""
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
        name=f"%(app_label)s_%(class)s_{name}",
        violation_error_message=_("Slutdatum kan inte vara före startdatum."),
    )


def period_range() -> Func:
    """The period as an inclusive PostgreSQL daterange; a NULL bound is unbounded (an open end
    means "ongoing", a missing start "not known", both overlap everything on that side)."""
    return Func(F("start_date"), F("end_date"), Value("[]"), function="DATERANGE", output_field=DateRangeField())


def no_overlap(name: str, *equal_fields: str, condition: Q | None = None, message) -> ExclusionConstraint:
    """Database guarantee that no two rows equal on `equal_fields` have overlapping periods.

    The overlap checks in clean() only see committed rows and are skipped by bulk writes and
    raw SQL; this exclusion constraint (btree_gist) holds whatever writes the row.
    """
    return ExclusionConstraint(
        name=f"%(app_label)s_%(class)s_{name}",
        expressions=[
            *((field, RangeOperators.EQUAL) for field in equal_fields),
            (period_range(), RangeOperators.OVERLAPS),
        ],
        condition=condition,
        violation_error_message=message,
    )


def validate_period(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})


class PeriodQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Rows whose period includes `on` (default: today in Stockholm)."""
        return self.filter(active_on(on or today()))


def is_active(obj, on: datetime.date) -> bool:
    """Python twin of `active_on`, for rows already fetched (e.g. a prefetched history)."""
    return (obj.start_date is None or obj.start_date <= on) and (obj.end_date is None or obj.end_date >= on)
