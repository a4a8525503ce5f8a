"""Errors as JSON: `{"code": "...", "message": "...", "fields": {...}}`.

`code` is stable (part of the public contract, listed in the schema's Error component),
`message` is a Swedish sentence for a person, and `fields` names each field or parameter that
was wrong with its messages (empty for errors that are not about input). A service's Django
ValidationError (the same messages as the pages) becomes a 400 like a serializer's; a roster
edited by someone else since it was read is a 409.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

#: Every code an error response can carry. A new code is a change of the public contract.
ERROR_CODES = (
    "validation_error",
    "parse_error",
    "not_authenticated",
    "authentication_failed",
    "permission_denied",
    "token_read_only",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "conflict",
    "throttled",
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def _fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested error detail into {"field": [...], "parent.child": [...]}."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                fields.update(_fields(value, name))
            else:
                fields[name] = _messages(value)
    return fields


def _from_django(exc):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError({k: [str(m) for m in v] for k, v in exc.message_dict.items()})
        if getattr(exc, "code", None) == "roster_conflict":
            return Conflict(exc.messages[0])
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    return exc


def _message(exc, code: str) -> str:
    defaults = {
        "parse_error": _("Förfrågan kunde inte läsas. Kontrollera att innehållet är giltig JSON."),
        "not_authenticated": _("Logga in eller skicka en API-nyckel (Authorization: Bearer …)."),
        "permission_denied": _("Du har inte behörighet att göra detta."),
        "not_found": _("Det som efterfrågades finns inte."),
        "method_not_allowed": _("Metoden %(method)s stöds inte här.") % {"method": getattr(exc, "method", "")},
        "not_acceptable": _("Svaret kan bara ges som JSON."),
        "unsupported_media_type": _("Skicka innehållet som JSON (Content-Type: application/json)."),
    }
    if code == "throttled":
        wait = int(exc.wait or 1)
        return ngettext(
            "För många förfrågningar. Försök igen om %(seconds)s sekund.",
            "För många förfrågningar. Försök igen om %(seconds)s sekunder.",
            wait,
        ) % {"seconds": wait}
    detail = exc.detail
    if isinstance(detail, str) and detail != str(exc.default_detail):
        return str(detail)
    return defaults.get(code, str(detail))


def exception_handler(exc, context):
    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's own 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        general = fields.pop("non_field_errors", None) or (
            [] if isinstance(exc.detail, dict) else _messages(exc.detail)
        )
        message = " ".join(general) or _("Uppgifterna är inte giltiga. Se felen per fält.")
        data = {"code": "validation_error", "message": message, "fields": fields}
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) and codes in ERROR_CODES else exc.default_code
        if isinstance(exc, exceptions.NotFound):
            code = "not_found"
        data = {"code": code, "message": _message(exc, code), "fields": {}}
    response.data = data
    return response
