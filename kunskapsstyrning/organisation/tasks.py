"""Celery entry points of the shared structure."""

from celery import shared_task

from .models import Group


@shared_task
def count_active_groups() -> int:
    """Round trip broker → worker → database; the health check of a deployed worker."""
    return Group.objects.active().count()
