"""Celery entry points of the reminders: thin, idempotent, safe to run twice or on two workers.

The beat schedule is in the database (django-celery-beat, editable in the admin); migration
0005 creates the three entries below.
"""

from celery import shared_task

from . import services


@shared_task(name="notices.plan")
def plan() -> int:
    """Decide what is due (every 15 minutes) and send what may go out now."""
    created = services.plan()
    send_due.delay()
    return created


@shared_task(name="notices.send_due")
def send_due() -> dict:
    """Send what is due and take back leases of workers that died (every minute)."""
    return services.send_due()


@shared_task(name="notices.digest")
def digest() -> int:
    """Gather the day's digests (07:00 Stockholm) and send them."""
    composed = services.compose_digests()
    send_due.delay()
    return composed
