"""Filter pieces every list shares: `updated_since`, strict ordering and `q` search.

An app's API filterset subclasses `ApiFilterSet` (or its app's own FilterSet and `UpdatedSince`),
so every list can be synced incrementally with `?updated_since=`.
"""

import datetime
import zoneinfo

import django_filters
from django import forms
from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

EARLIEST = datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 12, 31, tzinfo=datetime.UTC)


class DateOrDateTimeField(forms.Field):
    """An ISO 8601 date-time (`2026-11-22T06:00:00Z`, `2026-11-22T07:00+01:00`) or a date
    (`2026-11-22`, midnight in Stockholm). Without an offset, Stockholm time."""

    default_error_messages = {
        "invalid": _("Ange en tidpunkt som 2026-11-22T06:00:00Z eller ett datum som 2026-11-22."),
        "range": _("Ange en tidpunkt mellan 1990 och 2100."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        try:
            moment = parse_datetime(value)
            if moment is None and (day := parse_date(value)) is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
        except (ValueError, OverflowError):
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        try:
            in_range = EARLIEST <= moment <= LATEST
        except OverflowError:  # pragma: no cover - an offset that leaves the calendar
            in_range = False
        if not in_range:
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return moment


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


def UpdatedSince(field_name: str = "updated_at", **kwargs) -> DateOrDateTimeFilter:  # noqa: N802
    return DateOrDateTimeFilter(
        field_name=field_name,
        lookup_expr="gte",
        label=_(
            "Bara det som ändrats vid eller efter tidpunkten (ISO 8601, t.ex. 2026-11-22T06:00:00Z, "
            "eller ett datum: midnatt svensk tid). För inkrementell synkning."
        ),
        **kwargs,
    )


class NoEmptyValues:
    """A parameter that is present must have a value: `?start_before=` is a 400 naming it, not
    silently "no filter" (free-text search aside). Mixed into every API filterset."""

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.CharFilter) or self.data.get(name) != "":
                continue
            if name not in self.form.errors:
                self.form.add_error(name, _("Ange ett värde, eller utelämna parametern."))
            valid = False
        return valid


class ApiFilterSet(NoEmptyValues, django_filters.FilterSet):
    """Base for the API's filtersets: every list can be synced with ?updated_since=."""

    updated_since = UpdatedSince()


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=name,-updated_at`; an unknown field is a 400 naming the parameter, not ignored."""

    ordering_description = _("Sortering: ett fält, med minus före för fallande ordning (id i lika fall).")

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _label in self.get_valid_fields(None, view, {})] if view else []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(self.ordering_description),
                "schema": {"type": "string", "enum": [*fields, *(f"-{f}" for f in fields)]},
            }
        ]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params is not None:
            fields = [params.strip()]  # one field: the cursor pages on it, with the id for ties
            valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            if bad := [f for f in fields if f.lstrip("-") not in valid]:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Okänt fält att sortera på: %(fields)s. Möjliga: %(valid)s (minus före för fallande).")
                            % {"fields": ", ".join(bad), "valid": ", ".join(sorted(valid))}
                        ]
                    }
                )
            return fields
        return self.get_default_ordering(view)


class Search(SearchFilter):
    """`?q=` over the view's `search_fields`; absent from a view without them."""

    search_param = "q"
    search_title = _("Sök")
    search_description = _("Sökord (skiftlägesokänsligt, i namnfälten).")

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value or len(value) > 200:
            raise ValidationError({self.search_param: [_("Sökordet får vara högst 200 tecken, utan nolltecken.")]})
        return super().get_search_terms(request)

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) if getattr(view, "search_fields", None) else []
