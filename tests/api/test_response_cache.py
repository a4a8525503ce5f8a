"""API answers from the page cache for a key: one query for a hit or a 304, exact after writes.

Transactional: the content version moves only when a transaction commits, and inside the tests'
usual rolled-back transaction the cache is never used."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from rest_framework.test import APIClient

from kunskapsstyrning.api.models import ApiToken
from kunskapsstyrning.api.services import token_revoke
from kunskapsstyrning.organisation.models import Group
from tests.factories import GroupFactory, MembershipFactory, UserFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/grupper/?ordering=pk"


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches[settings.PAGE_CACHE].clear()


@pytest.fixture
def reader():
    user = UserFactory()
    return user, bearer(user)


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_a_hit_and_a_304_cost_one_query(reader, django_assert_num_queries):
    GroupFactory(name="Exempelgrupp")
    _user, headers = reader
    api = APIClient()
    first = api.get(URL, **headers)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the key and the version, in one statement
        hit = api.get(URL, **headers)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content and hit["ETag"] == first["ETag"]
    assert hit["Content-Type"] == first["Content-Type"] and "Authorization" in hit["Vary"]
    with django_assert_num_queries(1):
        unchanged = api.get(URL, HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert unchanged.status_code == 304 and unchanged["ETag"] == first["ETag"]
    assert api.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **headers).status_code == 304


def test_a_write_shows_on_the_next_request(reader):
    GroupFactory(name="Exempelgrupp")
    _user, headers = reader
    api = APIClient()
    etag = api.get(URL, **headers)["ETag"]
    group = Group.objects.get(name="Exempelgrupp")
    group.name = "Omdöpt grupp"
    group.save()
    changed = api.get(URL, HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["X-Page-Cache"] == "miss"
    assert "Omdöpt grupp" in names(changed) and changed["ETag"] != etag


def test_a_revoked_key_or_an_inactive_owner_is_refused_at_once(reader):
    user, headers = reader
    other_user = UserFactory()
    other = bearer(other_user)
    api = APIClient()
    for h in (headers, other):
        api.get(URL, **h)
        assert api.get(URL, **h)["X-Page-Cache"] == "hit"
    token_revoke(token=ApiToken.objects.get(owner=user), by=user)
    refused = api.get(URL, **headers)
    assert refused.status_code == 401 and "X-Page-Cache" not in refused
    other_user.is_active = False
    other_user.save()
    assert api.get(URL, **other).status_code == 401


def test_each_key_has_its_own_answers(reader, django_assert_num_queries):
    """What a reader may see depends on its rules: another key never gets this one's answer."""
    group = GroupFactory(name="Exempelgrupp")
    MembershipFactory(group=group)
    _user, headers = reader
    api = APIClient()
    api.get("/api/v1/uppdrag/", **headers)
    assert api.get("/api/v1/uppdrag/", **headers)["X-Page-Cache"] == "hit"
    assert api.get("/api/v1/uppdrag/", **bearer(UserFactory()))["X-Page-Cache"] == "miss"
    # Nor does a session: the browser takes the normal way.
    browser = APIClient()
    browser.force_login(UserFactory())
    assert "X-Page-Cache" not in browser.get("/api/v1/uppdrag/")


def test_bad_parameters_are_still_refused(reader):
    _user, headers = reader
    api = APIClient()
    api.get(URL, **headers)
    assert api.get("/api/v1/grupper/?page_size=0", **headers).status_code == 400
    assert api.get("/api/v1/grupper/?ordering=nej", **headers).status_code == 400


def test_a_hit_records_the_keys_use(reader):
    user, headers = reader
    api = APIClient()
    api.get(URL, **headers)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        assert api.get(URL, **headers)["X-Page-Cache"] == "hit"
        assert ApiToken.objects.get(owner=user).last_used_at == later


def test_a_304_reads_only_the_validators(reader):
    """A list of 500 rows is not fetched from the cache to say that it did not change."""
    GroupFactory(name="Exempelgrupp")
    _user, headers = reader
    api = APIClient()
    first = api.get(URL, **headers)
    cache = caches[settings.PAGE_CACHE]
    bodies = [k for k in cache._cache.get_client().keys("*") if not k.endswith(b":v")]
    assert bodies, "inget sparat svar"
    cache._cache.get_client().delete(*bodies)  # only the validators are left
    response = api.get(URL, HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert response.status_code == 304 and response["X-Page-Cache"] == "hit"
    assert response["ETag"] == first["ETag"] and "Authorization" in response["Vary"]
    # Without a validator the body is needed: it is gone, so the view answers again.
    assert api.get(URL, **headers)["X-Page-Cache"] == "miss"
