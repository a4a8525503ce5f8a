"""The rule set, role by role and action by action, and the same answers in pages and admin."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import Group as AuthGroup

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Region
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER, SUPPORT_STAFF_GROUP, VIEW_CONTACTS
from tests.clock import frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def world(structure):
    """An NPO with a NAG under it, and a Västerbotten LPO that covers the NPO."""
    npo = GroupFactory(kind=GroupKind.NPO, name="Testområde")
    nag = GroupFactory(kind=GroupKind.NAG, name="Testarbetsgrupp")
    nag.parents.add(npo)
    region = Region.objects.get(name="Västerbotten")
    lpo = GroupFactory(kind=GroupKind.LPO, name="LPO Test", region=region, healthcare_region=region.healthcare_region)
    lpo.parents.add(npo)
    other = GroupFactory(kind=GroupKind.NPO, name="Annat område")
    return {"npo": npo, "nag": nag, "lpo": lpo, "other": other}


def user_with(role: str | None, group=None, *, ended=False):
    user = UserFactory()
    if role:
        person = PersonFactory(user=user)
        MembershipFactory(
            person=person,
            group=group,
            role=role,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 1, 1) if ended else None,
        )
    return user


def make(actor: str, world):
    npo = world["npo"]
    if actor == "anonym":
        return AnonymousUser()
    if actor == "inloggad":
        return user_with(None)
    if actor == "ledamot":
        return user_with(Role.MEMBER, npo)
    if actor == "ordförande":
        return user_with(Role.CHAIR, npo)
    if actor == "processledare":
        return user_with(Role.PROCESS_LEADER, npo)
    if actor == "f.d. processledare":
        return user_with(Role.PROCESS_LEADER, npo, ended=True)
    if actor == "processledare i annat NPO":
        return user_with(Role.PROCESS_LEADER, world["other"])
    if actor == "stödfunktion":
        user = UserFactory()
        user.groups.add(AuthGroup.objects.get_or_create(name=SUPPORT_STAFF_GROUP)[0])
        return user
    if actor == "superanvändare":
        return UserFactory(is_superuser=True)
    raise AssertionError(actor)


#       actor                        edit NPO  edit NAG  edit LPO  contacts NPO  contacts other
TABLE = [
    ("anonym", False, False, False, False, False),
    ("inloggad", False, False, False, False, False),
    ("ledamot", False, False, False, True, False),
    ("ordförande", True, True, False, True, False),
    ("processledare", True, True, False, True, False),
    ("f.d. processledare", False, False, False, False, False),
    ("processledare i annat NPO", False, False, False, False, True),
    ("stödfunktion", True, True, True, True, True),
    ("superanvändare", True, True, True, True, True),
]


@pytest.mark.parametrize(("actor", "npo", "nag", "lpo", "contacts", "contacts_other"), TABLE)
def test_permission_table(world, actor, npo, nag, lpo, contacts, contacts_other):
    user = make(actor, world)
    assert user.has_perm(EDIT_ROSTER, world["npo"]) is npo
    assert user.has_perm(EDIT_ROSTER, world["nag"]) is nag
    assert user.has_perm(EDIT_ROSTER, world["lpo"]) is lpo
    assert user.has_perm(VIEW_CONTACTS, world["npo"]) is contacts
    assert user.has_perm(VIEW_CONTACTS, world["other"]) is contacts_other


def test_inactive_users_have_no_object_permissions(world):
    user = make("processledare", world)
    user.is_active = False
    assert not user.has_perm(EDIT_ROSTER, world["npo"])
