"""A real Celery worker over the real Redis broker, reading the same PostgreSQL database."""

import pytest
from celery.contrib.testing.worker import start_worker

from kunskapsstyrning.celery import app
from kunskapsstyrning.organisation.tasks import count_active_groups
from tests.factories import GroupFactory


@pytest.fixture
def celery_worker(transactional_db):
    assert app.conf.broker_url.startswith("redis://"), "testerna ska gå mot en riktig Redis"
    app.loader.import_task_module("celery.contrib.testing.tasks")  # registers celery.ping
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


def test_worker_answers_through_the_broker_from_the_database(celery_worker):
    GroupFactory.create_batch(3)
    GroupFactory(closed_on="2020-01-01", founded_on="2019-01-01")
    assert count_active_groups.delay().get(timeout=20) == 3
