"""Logged-in pages: kept per session, keyed by content and personal changes, never shared."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from kunskapsstyrning.notices.models import Notice
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, PersonFactory, UserFactory

from .conftest import Visitor, text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.pagecache.urls")]


class Member(Visitor):
    """A logged-in browser: a hit costs the session and the version in one query, as a
    visitor's costs the version alone."""

    def __init__(self, name: str, **client_options):
        self.user = UserFactory(username=name)
        self.person = PersonFactory(user=self.user, first_name=name.capitalize())
        self.client = Client(**client_options)
        self.client.force_login(self.user)
        # As a browser after logging in: with the CSRF cookie that the log-in sets. (Without
        # it, the first page sets it and is not kept.)
        self.client.get("/test/csrf/")


@pytest.fixture(autouse=True)
def some_content():
    GroupFactory(name="Exempelområdet")


def test_a_logged_in_page_is_kept_for_its_session_alone(django_assert_num_queries):
    anna, bo = Member("anna"), Member("bo")
    first = anna.miss("/katalog/")
    assert "Logga ut" in text(first)
    assert first["Cache-Control"] == "private, no-cache" and "Cookie" in first["Vary"]
    assert anna.hit("/katalog/", django_assert_num_queries).content == first.content

    # Another person, and an anonymous visitor, get pages of their own.
    bo.miss("/katalog/")
    anonymous = Visitor().miss("/katalog/")
    assert "Logga ut" not in text(anonymous)
    # A second log-in of the same person is another session: its own entry.
    again = Client()
    again.force_login(anna.user)
    again.cookies["csrftoken"] = anna.client.cookies["csrftoken"].value
    assert again.get("/katalog/")["X-Page-Cache"] == "miss"


def test_a_content_write_shows_on_the_next_request(django_assert_num_queries):
    anna = Member("anna")
    anna.miss("/mina-uppdrag/")
    anna.hit("/mina-uppdrag/", django_assert_num_queries)
    Group.objects.filter(name="Exempelområdet").update(name="Omdöpt område")
    assert "Omdöpt område" in text(anna.miss("/katalog/"))


def test_a_personal_write_empties_logged_in_pages_but_no_anonymous_one(django_assert_num_queries):
    anna, visitor = Member("anna"), Visitor()
    assert "notice-count" not in text(anna.miss("/katalog/"))
    visitor.miss("/katalog/")
    group = Group.objects.get(name="Exempelområdet")
    Notice.objects.create(
        kind="test",
        content_type=ContentType.objects.get_for_model(Group),
        object_id=group.pk,
        milestone="m",
        person=anna.person,
        deadline=today(),
        send_after=timezone.now(),
        title="En notis",
    )
    assert "notice-count" in text(anna.miss("/katalog/"))  # the header's unread count
    visitor.hit("/katalog/", django_assert_num_queries)


def test_a_form_token_from_the_cache_is_accepted(django_assert_num_queries):
    anna = Member("anna", enforce_csrf_checks=True)
    anna.miss("/test/csrf/")
    cached = anna.hit("/test/csrf/", django_assert_num_queries)
    token = re.search(r"<title>formulär (\w+)<", text(cached)).group(1)
    response = anna.client.post("/logga-ut/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, text(response)  # a 403 if the token did not belong to the cookie


def test_a_message_is_shown_once_and_never_kept(django_assert_num_queries):
    anna = Member("anna")
    anna.miss("/katalog/")
    shown = anna.client.get("/test/meddelande/", follow=True)
    assert "Ett meddelande som visas en gång" in text(shown)
    assert "X-Page-Cache" not in shown
    assert anna.client.cookies["messages"].value == ""  # deleted: a browser sends it no more
    del anna.client.cookies["messages"]
    after = anna.hit("/katalog/", django_assert_num_queries)
    assert "Ett meddelande som visas en gång" not in text(after)


def test_a_change_in_the_session_is_another_entry(django_assert_num_queries):
    anna = Member("anna")
    anna.miss("/katalog/")
    session = anna.client.session
    session["valfritt"] = "ändrat"
    session.save()
    anna.miss("/katalog/")
    anna.hit("/katalog/", django_assert_num_queries)


def test_a_new_password_ends_the_cached_session():
    anna = Member("anna")
    anna.miss("/mina-uppdrag/")
    anna.user.set_password("ett-helt-nytt-lösenord-2026")
    anna.user.save()
    response = anna.client.get("/mina-uppdrag/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    assert "X-Page-Cache" not in response


def test_if_none_match_for_a_logged_in_page(django_assert_num_queries):
    anna = Member("anna")
    etag = anna.miss("/katalog/")["ETag"]
    with django_assert_num_queries(1):
        response = anna.get("/katalog/", if_none_match=etag)
    assert response.status_code == 304 and response["Cache-Control"] == "private, no-cache"
    # Another session's tag is not this one's.
    assert Member("bo").get("/katalog/", if_none_match=etag).status_code == 200


@pytest.mark.parametrize("url", ["/konto/", "/api/nycklar/", "/admin/", "/test/undantagen/", "/test/text/"])
def test_pages_never_kept_for_a_logged_in_user(url):
    user = UserFactory(username="personal", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url
