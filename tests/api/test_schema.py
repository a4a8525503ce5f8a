"""The committed OpenAPI schema is what the code generates (it cannot drift), its codes come from
the TextChoices, and the documentation page renders it in Swedish."""

import pytest
import yaml
from django.core.management import call_command

from kunskapsstyrning.api.exceptions import ERROR_CODES
from kunskapsstyrning.api.schema import SCHEMA_FILE
from kunskapsstyrning.organisation.choices import GroupKind, HostingKind, RelationKind, Role


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "sv", "--file", str(generated))
    assert generated.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "Schemat har ändrats. Kör: DJANGO_SETTINGS_MODULE=kunskapsstyrning.settings.test "
        ".venv/bin/python manage.py spectacular --lang sv --file kunskapsstyrning/api/openapi.yaml"
    )


def test_stored_codes_are_the_text_choices():
    schemas = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))["components"]["schemas"]
    for name, choices in (
        ("GroupKindEnum", GroupKind),
        ("RoleEnum", Role),
        ("HostingKindEnum", HostingKind),
        ("RelationKindEnum", RelationKind),
    ):
        assert schemas[name]["enum"] == list(choices.values), name
    assert schemas["Error"]["properties"]["code"]["enum"] == list(ERROR_CODES)


@pytest.mark.django_db
def test_every_operation_is_documented_in_swedish(client):
    schema = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    page = client.get("/api/v1/dokumentation/")
    assert page.status_code == 200
    html = page.content.decode()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("description"), (method, path)
            assert f"{method.upper()} {path}" in html
    assert "Inkrementell synkning" in html and "updated_since" in html
    served = client.get("/api/v1/schema/")
    assert served.status_code == 200 and served.content == SCHEMA_FILE.read_bytes()
