"""Revoking a calendar address is final: not undone in the admin, nor by an UPDATE."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kunskapsstyrning.notices import services
from kunskapsstyrning.notices.models import CalendarFeed
from tests.clock import frozen
from tests.factories import PersonFactory, UserFactory, make_support_staff

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def staff(client):
    user = make_support_staff(UserFactory(is_staff=True))
    client.force_login(user)
    return user


def test_the_admin_cannot_revive_a_revoked_feed_by_clearing_revoked_at(client, staff):
    person = PersonFactory()
    feed = services.calendar_feed_renew(person=person)
    services.calendar_feed_revoke(person=person)
    feed.refresh_from_db()
    revoked_at = feed.revoked_at
    url = reverse("admin:notices_calendarfeed_change", args=[feed.pk])
    response = client.post(url, {"revoked_at_0": "", "revoked_at_1": "", "_save": "Spara"})
    assert response.status_code in (200, 302)
    feed.refresh_from_db()
    assert feed.revoked_at == revoked_at
    assert not CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).exists()
    token_url = reverse("notices:calendar_feed", args=[feed.token])
    assert client.get(token_url).status_code == 404


def test_the_database_refuses_to_clear_or_change_revoked_at(db):
    person = PersonFactory()
    feed = services.calendar_feed_renew(person=person)
    services.calendar_feed_revoke(person=person)
    for value in (None, timezone.now() + datetime.timedelta(days=1)):
        with pytest.raises(IntegrityError, match="återupplivas"), transaction.atomic():
            CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=value)
    # Other columns of a revoked feed, and an active feed's revocation, are unaffected.
    CalendarFeed.objects.filter(pk=feed.pk).update(person=PersonFactory())
    active = services.calendar_feed_renew(person=person)
    assert CalendarFeed.objects.filter(pk=active.pk).update(revoked_at=timezone.now()) == 1


def test_the_admin_action_revokes_through_the_service(client, staff):
    feeds = [services.calendar_feed_renew(person=PersonFactory()) for _ in range(2)]
    url = reverse("admin:notices_calendarfeed_changelist")
    response = client.post(url, {"action": "revoke", "_selected_action": [f.pk for f in feeds]}, follow=True)
    assert response.status_code == 200
    assert "2 kalenderadresser återkallades" in response.content.decode()
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()
