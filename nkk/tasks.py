"""Celery entry points of NKK: thin, self-contained, safe to run twice or on two workers at once."""

from celery import shared_task

from . import services


@shared_task
def publish_due_dates() -> list[dict]:
    """Publish every publishing date that has come (Europe/Stockholm) and is not yet published.

    Scheduled daily (settings CELERY_BEAT_SCHEDULE, or a django-celery-beat entry with the same
    task name); each date is published all or nothing under its row lock, so a repeat does nothing.
    """
    return [
        {
            "date": result.publishing_date.date.isoformat(),
            "published": len(result.published),
            "already_published": result.already_published,
            "refused": result.refused,
        }
        for result in services.publish_due()
    ]
