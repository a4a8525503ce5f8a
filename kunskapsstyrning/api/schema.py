"""The OpenAPI 3 schema (drf-spectacular): what every operation can answer besides success.

The schema file is committed (`openapi.yaml` here) and a test regenerates it and compares, so it
cannot drift from the code. The stored codes in it (enum values, error codes) are a public
contract: rename a label freely, never a code.

    DJANGO_SETTINGS_MODULE=kunskapsstyrning.settings.test .venv/bin/python manage.py spectacular \
        --lang sv --file kunskapsstyrning/api/openapi.yaml
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as _AutoSchema

API_VERSION = "1"
SCHEMA_FILE = Path(__file__).resolve().parent / "openapi.yaml"

ERROR_SCHEMA = {
    "type": "object",
    "description": str(_("Ett fel: en stabil kod, ett meddelande på svenska och felen per fält.")),
    "properties": {
        "code": {"type": "string", "enum": None},  # filled from exceptions.ERROR_CODES
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "message", "fields"],
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation may answer 400, 401, 403, 404 and 429 with the
    Error object; reads may answer 304; writes may answer 409. Headers of conditional requests
    and throttling are described once here."""
    from .exceptions import ERROR_CODES

    schema = {**ERROR_SCHEMA, "properties": {**ERROR_SCHEMA["properties"]}}
    schema["properties"]["code"] = {"type": "string", "enum": list(ERROR_CODES)}
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = schema
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", _error(str(_("Fel i parametrar eller innehåll; felen per fält."))))
            responses.setdefault("401", _error(str(_("Inte inloggad, eller okänd eller återkallad nyckel."))))
            responses.setdefault("403", _error(str(_("Ingen behörighet, eller en nyckel som bara får läsa."))))
            responses.setdefault("404", _error(str(_("Finns inte."))))
            responses.setdefault(
                "429", _error(str(_("För många förfrågningar; försök igen efter Retry-After sekunder.")))
            )
            if method == "get":
                responses.setdefault(
                    "304", {"description": str(_("Oförändrat sedan If-None-Match eller If-Modified-Since."))}
                )
                parameters = operation.setdefault("parameters", [])
                for name, description in (
                    ("If-None-Match", _("ETag från ett tidigare svar: oförändrat ger 304 utan innehåll.")),
                    ("If-Modified-Since", _("Tidpunkt (HTTP-datum): oförändrat sedan dess ger 304.")),
                ):
                    parameters.append(
                        {
                            "in": "header",
                            "name": name,
                            "required": False,
                            "schema": {"type": "string"},
                            "description": str(description),
                        }
                    )
            else:
                responses.setdefault("409", _error(str(_("Ledamotslistan har ändrats sedan den lästes."))))
    return result


class AutoSchema(_AutoSchema):
    """drf-spectacular's AutoSchema, saying that a public read needs no credentials."""

    def get_auth(self):
        auths = super().get_auth()
        if self.method == "GET" and getattr(self.view, "public_read", False) and {} not in auths:
            auths.append({})
        return auths
