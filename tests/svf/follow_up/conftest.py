"""Fixtures of the care-pathway follow-up (regional introduction, indicators): a published
pathway under a real NPO, a region with its LPO and LAG, and a reporter."""

import datetime

import pytest

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind, Role
from kunskapsstyrning.organisation.models import Group, Region
from svf.choices import PathwayState
from svf.models import CarePathway, Indicator
from tests.factories import GroupFactory, GroupRelationFactory, MembershipFactory, PersonFactory, UserFactory

START = datetime.date(2024, 1, 1)
NPO_SLUG = "npo-aldres-halsa-och-palliativ-vard"


def member(group, role=Role.MEMBER):
    user = UserFactory()
    MembershipFactory(group=group, role=role, person=PersonFactory(user=user), start_date=START)
    return user


def make_pathway(name="Palliativ vård", state=PathwayState.PUBLISHED, npo_slug=NPO_SLUG, **kwargs):
    from django.utils.text import slugify

    pathway = CarePathway.objects.create(name=name, slug=slugify(name), state=state, **kwargs)
    pathway.responsible_npos.add(Group.objects.get(slug=npo_slug))
    return pathway


@pytest.fixture
def pathway(structure):
    return make_pathway()


@pytest.fixture
def region(structure):
    return Region.objects.get(name="Västerbotten")


@pytest.fixture
def other_region(structure):
    return Region.objects.get(name="Norrbotten")


@pytest.fixture
def lpo(structure):
    """Västerbotten's LPO MGIK, which covers NPO Äldres hälsa och palliativ vård (real structure)."""
    return Group.objects.get(kind=GroupKind.LPO, name__startswith="LPO MGIK")


@pytest.fixture
def lag(lpo):
    return GroupRelationFactory(
        from_group=GroupFactory(kind=GroupKind.LAG, name="LAG Palliativ vård", region=lpo.region),
        to_group=lpo,
        kind=RelationKind.APPOINTED_BY,
    ).from_group


@pytest.fixture
def reporter(lpo):
    return member(lpo)


@pytest.fixture
def indicators(pathway):
    return [
        Indicator.objects.create(
            pathway=pathway,
            code=f"pal-{n}",
            name=f"Testindikator {n}",
            kind="process",
            definition="Test",
            unit="procent",
            target=80,
            sort_order=n,
        )
        for n in (1, 2)
    ]
