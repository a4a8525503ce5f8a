import datetime

import pytest
from rest_framework.test import APIClient

from kunskapsstyrning.api.models import TokenScope
from kunskapsstyrning.api.services import token_create
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group
from tests.factories import GroupFactory, GroupRelationFactory, MembershipFactory, PersonFactory, UserFactory

START = datetime.date(2024, 1, 1)


@pytest.fixture
def api():
    return APIClient()


def member(group, role=Role.MEMBER, **person):
    user = UserFactory()
    MembershipFactory(group=group, role=role, person=PersonFactory(user=user, **person), start_date=START)
    return user


def bearer(user, scope=TokenScope.READ_WRITE) -> dict:
    _token, secret = token_create(owner=user, name="Testintegration", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


@pytest.fixture
def roles(npo):
    """One user per role that matters to the roster rules, around NPO Akut vård and a NAG it appointed."""
    nag = GroupRelationFactory(from_group=GroupFactory(kind=GroupKind.NAG), to_group=npo).from_group
    support = Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION)
    other = Group.objects.get(slug="npo-tandvard")
    return {
        "anonym": None,
        "utomstående": UserFactory(),
        "ledamot": member(npo),
        "processledare": member(npo, Role.PROCESS_LEADER),
        "ordförande": member(npo, Role.CHAIR),
        "processledare i NAG:en": member(nag, Role.PROCESS_LEADER),
        "processledare i annat NPO": member(other, Role.PROCESS_LEADER),
        "stödfunktion": member(support),
        "_nag": nag,
    }
