"""Writes of calendar feeds. Revocation is final: a revoked token never works again, and a new
feed always gets a new token."""

from django.db import transaction
from django.utils import timezone

from kunskapsstyrning.organisation.models import Person

from .models import CalendarFeed


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> int:
    """Revoke the person's active feed, if any; returns how many were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def calendar_feed_renew(*, person: Person) -> CalendarFeed:
    """A new feed with a new secret; the old one, if any, stops working in the same transaction."""
    calendar_feed_revoke(person=person)
    return CalendarFeed.objects.create(person=person)
