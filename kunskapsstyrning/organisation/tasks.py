"""Celery entry points of the shared structure."""

from celery import shared_task

from .models import Group


@shared_task
def count_active_groups() -> int:
    """Round trip broker → worker → database; the health check of a deployed worker."""
    return Group.objects.active().count()


@shared_task(name="aggregates.recompute")
def aggregate_recompute(kind: str, key: str = "") -> int:
    """Recompute one precomputed aggregate (enqueued on commit by the writes that change it).
    Safe to run twice or on two workers at once: the newer result wins."""
    from . import aggregates

    return aggregates.recompute(kind, key).duration_ms


@shared_task(name="aggregates.recompute_all")
def aggregate_recompute_all() -> dict[str, int]:
    """Every precomputed aggregate (nightly, django-celery-beat entry from migration 0008)."""
    from . import aggregates

    return aggregates.recompute_all()
