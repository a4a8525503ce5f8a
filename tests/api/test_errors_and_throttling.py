"""Errors are JSON {code, message, fields} in Swedish; validation errors name the field; throttling
is a 429 with Retry-After, counted in the shared Redis cache."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from rest_framework.settings import api_settings

from tests.api.conftest import bearer
from tests.clock import frozen
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/grupper/?kind=okand", "kind"),
        ("/api/v1/uppdrag/?start_before=2026-02-30", "start_before"),
        ("/api/v1/uppdrag/?updated_since=igår", "updated_since"),
        ("/api/v1/regioner/?ordering=losenord", "ordering"),
        ("/api/v1/regioner/?page_size=0", "page_size"),
        ("/api/v1/regioner/?page_size=", "page_size"),
        ("/api/v1/uppdrag/?person=99999999999999999999", "person"),
        ("/api/v1/uppdrag/?start_before=", "start_before"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(api, structure, url, field):
    response = api.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error" and body["message"]
    assert list(body["fields"]) == [field] and body["fields"][field][0]


def test_bad_write_names_the_field_and_writes_nothing(api, npo):
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group, Membership
    from tests.api.conftest import member

    headers = bearer(member(Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION)))
    before = Membership.objects.count()
    response = api.post(
        "/api/v1/uppdrag/",
        {"group": npo.slug, "person": PersonFactory().pk, "start_date": "2026-05-01", "end_date": "2026-01-01"},
        format="json",
        **headers,
    )
    assert response.status_code == 400 and response.json()["fields"] == {
        "end_date": ["Slutdatum kan inte vara före startdatum."]
    }
    response = api.post("/api/v1/uppdrag/", {"group": npo.slug, "person": "x"}, format="json", **headers)
    assert set(response.json()["fields"]) == {"person", "start_date"}
    response = api.post("/api/v1/uppdrag/", b"{inte json", content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    assert Membership.objects.count() == before


def test_a_stale_roster_version_is_a_409(api, npo):
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group
    from tests.api.conftest import member

    headers = bearer(member(Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION)))
    payload = {"group": npo.slug, "person": PersonFactory().pk, "start_date": "2026-05-01", "roster_version": 0}
    Group.objects.filter(pk=npo.pk).update(roster_version=5)
    response = api.post("/api/v1/uppdrag/", payload, format="json", **headers)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert "Någon annan har ändrat ledamotslistan" in response.json()["message"]


def test_unknown_addresses_and_methods_are_json(api, structure):
    missing = api.get("/api/v1/finns-inte/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert api.get("/api/v1/grupper/finns-inte/").json()["code"] == "not_found"
    assert api.get("/api/v1/uppdrag/99999999999999999999999/").status_code == 404
    wrong = api.delete("/api/v1/regioner/norra/")
    assert wrong.status_code in (401, 405) and wrong.json()["code"] in ("not_authenticated", "method_not_allowed")
    headers = bearer(UserFactory())
    assert api.delete("/api/v1/regioner/stockholm/", **headers).json()["code"] == "method_not_allowed"


def test_no_contact_data_in_public_endpoints(api, npo):
    from tests.factories import MembershipFactory

    MembershipFactory(group=npo, person=PersonFactory(email="hemlig@test.invalid", phone="070-1234567"))
    for url in ("/api/v1/uppdrag/", "/api/v1/grupper/", f"/api/v1/grupper/{npo.slug}/"):
        body = api.get(url).content.decode()
        assert "hemlig@test.invalid" not in body and "070-1234567" not in body
    assert api.get("/api/v1/personer/").status_code == 401
    api.force_login(UserFactory())  # logged in, but not in the group: names yes, contacts no
    assert "hemlig@test.invalid" not in api.get("/api/v1/personer/?page_size=500").content.decode()


def test_throttling_is_a_429_with_retry_after_in_the_shared_cache(api, structure):
    cache = caches["api"]
    assert isinstance(cache, RedisCache)  # one count for every web process
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min", "token": "2/min"}
    rest = {**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()
    with override_settings(REST_FRAMEWORK=rest):
        assert [api.get("/api/v1/regioner/").status_code for _ in range(3)] == [200, 200, 200]
        throttled = api.get("/api/v1/regioner/")
        assert throttled.status_code == 429
        assert 1 <= int(throttled["Retry-After"]) <= 60
        assert throttled.json()["code"] == "throttled"
        assert "Försök igen om" in throttled.json()["message"]
        assert any(b"throttle_anon" in key for key in cache._cache.get_client().keys("*"))
        headers = bearer(UserFactory())  # a token has its own count
        assert [api.get("/api/v1/regioner/", **headers).status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()
