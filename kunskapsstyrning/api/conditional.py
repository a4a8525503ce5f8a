"""ETag and Last-Modified on lists and details, so that a region can sync cheaply.

The validator of a response is computed from one aggregate query over the same filtered
queryset the response shows: the latest `updated_at` of the rows (and of the related rows the
representation includes, `conditional_fields`) and their count. A 304 therefore costs the
authentication and that one query; no row is read or serialized.

The ETag also covers what makes one representation differ from another for the same rows: the
full path with its parameters (filters, cursor, page size), the reader (contact data depends on
the rules), the language (labels) and today's date (what is "current" changes at midnight in
Stockholm without any row changing). It is weak: the same data, not the same bytes.

If-None-Match wins over If-Modified-Since (RFC 9110). Last-Modified is never earlier than
midnight today, for the same reason as the date in the ETag. Count changes (a row leaving a
filter) are seen by the ETag only; a client that syncs should send If-None-Match.
"""

import datetime
import hashlib

from django.db.models import Count, Max
from django.http import HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from .schema import API_VERSION


def today() -> datetime.date:
    return timezone.localdate()


def _midnight_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(today(), datetime.time.min))


class ConditionalMixin:
    """For viewsets: `list` and `retrieve` answer 304 when the client's validator still holds."""

    #: Modification times the representation depends on, as lookups from the listed model.
    conditional_fields: tuple[str, ...] = ("updated_at",)
    #: True where neither the conditional fields nor any filter or search of the view follow a
    #: many-valued relation, so each row is counted once and COUNT(*) is exact: the default
    #: COUNT(DISTINCT pk) sorts every id of the list, which at 78 000 mandates doubled the cost
    #: of every page's validator.
    conditional_rows_unique: bool = False

    def get_validator_queryset(self):
        """The rows of this response without joins or prefetches: only the aggregate runs on it."""
        return self.get_queryset().select_related(None).prefetch_related(None)

    def _validator(self, queryset) -> tuple[str, datetime.datetime]:
        aggregates = {f"m{i}": Max(field) for i, field in enumerate(self.conditional_fields)}
        values = queryset.order_by().aggregate(n=Count("pk", distinct=not self.conditional_rows_unique), **aggregates)
        times = [v for k, v in values.items() if k != "n" and v is not None]
        last = max([*times, _midnight_today()])
        user = self.request.user
        key = "|".join(
            [
                API_VERSION,
                self.request.get_full_path(),
                str(user.pk) if user.is_authenticated else "-",
                translation.get_language() or "",
                today().isoformat(),
                str(values["n"]),
                *(v.isoformat() for v in times),
            ]
        )
        return f'W/"{hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]}"', last

    def _not_modified(self, etag: str, last: datetime.datetime) -> bool:
        if_none_match = self.request.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag.removeprefix("W/") in tags
        since = parse_http_date_safe(self.request.headers.get("If-Modified-Since", ""))
        return since is not None and int(last.timestamp()) <= since

    def _conditional(self, queryset, render):
        etag, last = self._validator(queryset)
        if self._not_modified(etag, last):
            response = HttpResponseNotModified()
        else:
            response = render()
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last.timestamp())
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))
        return response

    def list(self, request, *args, **kwargs):
        if self.paginator is not None:
            self.paginator.get_page_size(request)  # a bad ?page_size= is a 400 even when unchanged
        queryset = self.filter_queryset(self.get_validator_queryset())
        return self._conditional(queryset, lambda: super(ConditionalMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_validator_queryset()).filter(
            **{self.lookup_field: self.validated_lookup()}
        )
        return self._conditional(queryset, lambda: super(ConditionalMixin, self).retrieve(request, *args, **kwargs))
