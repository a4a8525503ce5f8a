import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import HealthcareRegion


def pytest_itemcollected(item):
    """Mark by what a test uses, so `-m "not e2e"` is the fast loop whoever wrote the test."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & {"live_server", "page", "browser"}:
        item.add_marker(pytest.mark.e2e)
    if "celery_worker" in fixtures:
        item.add_marker(pytest.mark.celery)


def _commits(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    db = item.get_closest_marker("django_db")
    return bool(fixtures & {"transactional_db", "live_server"}) or (db is not None and db.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def transactional_tests_start_empty(request):
    """A test that commits starts without the session's structure, whichever test ran before it.

    Run one by one, an earlier transactional test has flushed it; under xdist a worker's first
    transactional test would still see it (test_celery counts groups).
    """
    if not _commits(request.node):
        return
    request.getfixturevalue("transactional_db")
    if HealthcareRegion.objects.exists():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real structure once into the test database (one per xdist worker); each test's
    transaction rolls back on top of it. Transactional tests (run last) flush it and load it
    themselves."""
    with django_db_blocker.unblock():
        load_structure()


@pytest.fixture
def structure(db):
    """The real structure, as `make run` loads it."""
    if not HealthcareRegion.objects.exists():
        load_structure()


@pytest.fixture
def demo(structure):
    from kunskapsstyrning.organisation.demo import load_demo

    load_demo()


@pytest.fixture(autouse=True)
def default_language():
    """A request with an English cookie leaves English active in the thread; start each test in Swedish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def celery_worker(transactional_db):
    """A real worker over the real Redis broker, in this process, on this xdist worker's own
    queue (settings/test.py): it sees the test's committed rows."""
    from celery.contrib.testing.worker import start_worker

    from kunskapsstyrning.celery import app

    assert app.conf.broker_url.startswith("redis://"), "testerna ska gå mot en riktig Redis"
    app.loader.import_task_module("celery.contrib.testing.tasks")  # registers celery.ping
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker
