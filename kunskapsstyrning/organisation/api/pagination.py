"""Pagination of the API's lists: ?limit= and ?offset=, parsed strictly and bounded.

A limit above MAX_LIMIT is clamped (asking for "everything" is a reasonable request); a limit
or offset that is not a non-negative whole number, or an offset beyond MAX_OFFSET, is a 400 with
a Swedish message rather than a database error.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


def _non_negative(request, name: str, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        if raw.isascii() and raw.isdigit():  # a very long number: too large
            return None
        raise ValidationError({name: [_("Ange ett heltal som är 0 eller större.")]})
    return int(raw)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        value = _non_negative(request, self.limit_query_param, self.default_limit)
        if value is None or value > self.max_limit:
            return self.max_limit
        return value or self.default_limit

    def get_offset(self, request):
        value = _non_negative(request, self.offset_query_param, 0)
        if value is None or value > MAX_OFFSET:
            raise ValidationError(
                {self.offset_query_param: [_("Sidan finns inte: offset får vara högst %(max)s.") % {"max": MAX_OFFSET}]}
            )
        return value
