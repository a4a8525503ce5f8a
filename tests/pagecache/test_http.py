"""Who gets cached pages, what is never stored, and the HTTP validators."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.clock import STOCKHOLM
from tests.factories import GroupFactory, UserFactory

from .conftest import Visitor, text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.pagecache.urls")]


@pytest.fixture(autouse=True)
def some_content():
    GroupFactory(name="Exempelområdet")


def test_logged_in_and_anonymous_pages_never_mix(visitor, django_assert_num_queries):
    """A logged-in page is kept for its session only (test_private.py), never in a visitor's."""
    member = Client()
    member.force_login(UserFactory(username="inloggad"))
    member.get("/katalog/")
    own = member.get("/katalog/")
    assert own["X-Page-Cache"] == "miss"
    assert own["Cache-Control"] == "private, no-cache"
    assert "Logga ut" in text(own)

    first = visitor.miss("/katalog/")
    assert "Logga ut" not in text(first)
    visitor.hit("/katalog/", django_assert_num_queries)
    again = member.get("/katalog/")
    assert again["X-Page-Cache"] == "hit" and "Logga ut" in text(again)


def test_session_or_messages_cookie_bypasses_the_cache(visitor):
    visitor.miss("/katalog/")
    for cookie in ("sessionid", "messages"):
        other = Visitor(**{cookie: "något"})
        response = other.get("/katalog/")
        assert "X-Page-Cache" not in response, cookie
        assert "private" in response["Cache-Control"]


def test_csrf_and_language_cookies_still_cached(django_assert_num_queries):
    visitor = Visitor(csrftoken="x" * 32)
    visitor.miss("/katalog/")
    visitor.hit("/katalog/", django_assert_num_queries)


def test_every_anonymous_page_of_the_site_is_cacheable(visitor, django_assert_num_queries):
    """The language switch on every page carries no CSRF token (it would make none cacheable)."""
    for url in ("/", "/katalog/", "/sjukvardsregioner/", "/kunskapsstod/", "/vardforlopp/", "/verksamhetsplaner/"):
        visitor.miss(url)
        visitor.hit(url, django_assert_num_queries)


def test_language_switch_works_without_a_token(visitor):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/katalog/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    "url", ["/test/kaka/", "/test/csrf/", "/test/undantagen/", "/test/text/", "/logga-in/", "/finns-inte/"]
)
def test_never_stored(url):
    """A cookie, a CSRF token, the opt-out, not HTML, a form page, an error: rendered each time."""
    visitor = Visitor()
    first = visitor.client.get(url)
    second = visitor.client.get(url)
    assert "X-Page-Cache" not in second
    assert "ETag" not in second
    assert "public" not in second.get("Cache-Control", "")
    if url.startswith("/test/"):
        assert first.content != second.content  # rendered twice (a counter in the page)


@pytest.mark.parametrize("url", ["/test/undantagen/", "/finns-inte/"])
def test_opted_out_or_unknown_path_costs_not_even_the_version_query(url, django_assert_num_queries):
    with django_assert_num_queries(0):
        Client().get(url)


def test_api_is_skipped_without_the_version_query():
    """An anonymous API request pays for its own work only (its ETag is the API's own)."""
    with CaptureQueriesContext(connection) as queries:
        Client().get("/api/v1/kunskapsstod/")
    assert not any("pagecache" in q["sql"] for q in queries.captured_queries)


def test_opt_out_says_private():
    response = Client().get("/test/undantagen/")
    assert response["Cache-Control"] == "private"


def test_plain_view_is_cached(visitor, django_assert_num_queries):
    first = visitor.miss("/test/vanlig/")
    assert visitor.hit("/test/vanlig/", django_assert_num_queries).content == first.content


def test_languages_are_separate(django_assert_num_queries):
    swedish, english = Visitor(), Visitor(django_language="en")
    sv = swedish.miss("/katalog/")
    en = english.miss("/katalog/")
    assert '<html lang="sv">' in text(sv) and '<html lang="en">' in text(en)
    assert sv["ETag"] != en["ETag"]
    assert swedish.hit("/katalog/", django_assert_num_queries).content == sv.content
    assert english.hit("/katalog/", django_assert_num_queries).content == en.content
    # An unknown language is Swedish, as the locale middleware has it: the same entry.
    assert Visitor(django_language="xx").hit("/katalog/", django_assert_num_queries).content == sv.content


def test_headers_of_a_cacheable_page(visitor):
    response = visitor.miss("/katalog/")
    assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" in response["Vary"]
    assert response["Last-Modified"]
    assert "Content-Security-Policy" in response  # stored with the page: the hit has it too
    assert "nonce" not in response["Content-Security-Policy"]  # no per-request value in the page
    hit = visitor.get("/katalog/")
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]
    assert hit["ETag"] == response["ETag"] and hit["Cache-Control"] == "public, no-cache"


def test_if_none_match_is_304_after_the_version_query_alone(visitor, django_assert_num_queries):
    from django.conf import settings
    from django.core.cache import caches

    etag = visitor.miss("/katalog/")["ETag"]
    caches[settings.PAGE_CACHE].clear()  # not even the stored page is needed
    with django_assert_num_queries(1):
        response = visitor.get("/katalog/", if_none_match=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    # Strong form of the same tag, and one in a list: weak comparison.
    assert visitor.get("/katalog/", if_none_match=etag.removeprefix("W/")).status_code == 304
    assert visitor.get("/katalog/", if_none_match=f'"annat", {etag}').status_code == 304
    # After a write the old tag no longer matches.
    GroupFactory(name="Ett nytt område")
    changed = visitor.get("/katalog/", if_none_match=etag)
    assert changed.status_code == 200 and "Ett nytt område" in text(changed)
    assert changed["ETag"] != etag


def test_head_is_served_from_what_get_stored(visitor, django_assert_num_queries):
    visitor.miss("/katalog/")
    with django_assert_num_queries(1):
        response = visitor.client.head("/katalog/")
    assert response["X-Page-Cache"] == "hit"


def test_midnight_in_stockholm_is_a_miss(visitor, time_machine, django_assert_num_queries):
    evening = datetime.datetime(2026, 3, 16, 23, 59, tzinfo=STOCKHOLM)
    time_machine.move_to(evening, tick=False)
    first = visitor.miss("/katalog/")
    visitor.hit("/katalog/", django_assert_num_queries)
    # 23:30 UTC is still the 16th in UTC, but past midnight in Stockholm.
    time_machine.move_to(datetime.datetime(2026, 3, 16, 23, 30, tzinfo=datetime.UTC), tick=False)
    after = visitor.miss("/katalog/")
    assert after["ETag"] != first["ETag"]
    visitor.hit("/katalog/", django_assert_num_queries)


def test_disabled_by_setting(visitor, settings):
    settings.PAGE_CACHE_ENABLED = False
    visitor.client.get("/katalog/")
    assert "X-Page-Cache" not in visitor.client.get("/katalog/")


def test_the_atom_feed_is_cached_like_a_page(visitor, django_assert_num_queries):
    first = visitor.miss("/kunskapsstod/nyligen-publicerade/atom/")
    assert first["Content-Type"].startswith("application/atom+xml")
    hit = visitor.hit("/kunskapsstod/nyligen-publicerade/atom/", django_assert_num_queries)
    assert hit.content == first.content and hit["Content-Type"] == first["Content-Type"]
