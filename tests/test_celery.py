"""A real Celery worker over the real Redis broker, reading the same PostgreSQL database."""

from kunskapsstyrning.organisation.tasks import count_active_groups
from tests.factories import GroupFactory


def test_worker_answers_through_the_broker_from_the_database(celery_worker):
    GroupFactory.create_batch(3)
    GroupFactory(closed_on="2020-01-01", founded_on="2019-01-01")
    assert count_active_groups.delay().get(timeout=20) == 3


def test_each_test_process_has_a_queue_of_its_own():
    """xdist workers share one Redis but not one database: a shared queue let one worker's
    Celery worker take a task whose row only exists in the other's database."""
    import os

    from kunskapsstyrning.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert app.conf.task_default_queue == f"celery-test-{worker}"
