import pytest
from django.conf import settings
from django.utils import translation

from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import HealthcareRegion


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real structure once into the test database; each test's transaction rolls back
    on top of it. Transactional tests (run last) flush it and load it themselves."""
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
