import pytest

from kunskapsstyrning.organisation.loaders import load_structure


@pytest.fixture
def structure(db):
    """The real structure, loaded as `make run` loads it."""
    load_structure()


@pytest.fixture
def demo(structure):
    from kunskapsstyrning.organisation.demo import load_demo

    load_demo()
