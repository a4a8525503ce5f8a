"""Cursor pagination with a stable order: `?cursor=` from `next`, `?page_size=` up to 500.

The order is the view's `ordering` (or `?ordering=`) with the primary key appended, so rows that
tie on the sort field always come in the same order and no row is skipped or repeated while
paging, whatever is written meanwhile. A page never counts the whole list: a count is the one
query that grows with the data.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100


class StableCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("pk",)
    cursor_query_description = _("Var i listan sidan börjar: värdet ur föregående svars next eller previous.")
    page_size_query_description = _("Antal rader per sida, 1–500 (standard 100).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Ange ett heltal från 1 till %(max)s.") % {"max": self.max_page_size}]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """DRF's cursor, with its position checked against the sort field's type, so that a made-up
        cursor is a 404 and never reaches the database as a value it refuses."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.pk if name == "pk" else self._model._meta.get_field(name)
            value = field.to_python(cursor.position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if "\x00" in cursor.position or (isinstance(value, int) and not -(2**63) < value < 2**63):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_ordering(self, request, queryset, view):
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering += ("pk",)
        return ordering

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["next", "previous", "results"]
        return described
