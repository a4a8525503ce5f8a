"""Schemathesis against the committed OpenAPI schema: every endpoint and method, anonymous and
with a read-write token, in-process through the WSGI app (same database transaction as the test).
No server errors, every response (status, content type, headers, body) as the schema says, and
invalid input refused. Deterministic (derandomized) and bounded, so it runs in well under a minute.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kunskapsstyrning.api.schema import SCHEMA_FILE
from tests.api.conftest import bearer, member
from tests.clock import frozen

SCHEMA = schemathesis.openapi.from_path(SCHEMA_FILE)
APP = get_wsgi_application()
SCHEMA.app = APP  # every request, the checks' own included, goes in-process to the WSGI app
SCHEMA.config.update(base_url="http://localhost")
#: All the checks except one: "schema-valid input is accepted" cannot hold for an API whose
#: parameters name things (a group's slug, a person's id). A well-formed slug that names no group
#: is a 400 that names the field, by design; malformed input must still be refused
#: (negative_data_rejection), and nothing may be a server error or differ from the schema.
EXCLUDED = [positive_data_acceptance]

pytestmark = [pytest.mark.django_db, frozen]

FUZZ = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (request_finished);
    Django's test client disconnects that, and so does this, so every request runs in the test's
    transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def support_token(structure):
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group

    return bearer(member(Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION)))["HTTP_AUTHORIZATION"]


@SCHEMA.parametrize()
@FUZZ
def test_api_matches_its_schema_anonymously(case, structure):
    case.call_and_validate(excluded_checks=EXCLUDED)


@SCHEMA.parametrize()
@FUZZ
def test_api_matches_its_schema_with_a_token(case, support_token):
    case.call_and_validate(headers={"Authorization": support_token}, excluded_checks=EXCLUDED)


def test_a_broken_serializer_is_found(structure, monkeypatch):
    """The run above can fail: a serializer that returns a wrong type (here the regions' updated_at
    as a number) is reported by the same checks, on the first examples."""
    from hypothesis import given

    from kunskapsstyrning.organisation.api.serializers import RegionSerializer

    original = RegionSerializer.to_representation

    def broken(self, instance):
        return {**original(self, instance), "updated_at": 20260316}

    monkeypatch.setattr(RegionSerializer, "to_representation", broken)
    operation = SCHEMA["/api/v1/regioner/"]["GET"]

    @given(case=operation.as_strategy())
    @FUZZ
    def run(case):
        case.call_and_validate(excluded_checks=EXCLUDED)

    with pytest.raises(FailureGroup) as failure:
        run()
    report = str(failure.value) + "".join(str(e) for e in failure.value.exceptions)
    assert "Response violates schema" in report
    assert "updated_at" in report
