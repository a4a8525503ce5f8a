"""The rule set, role by role and action by action, and the same answers in pages and admin."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind, Role
from kunskapsstyrning.organisation.models import Group, Region
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER, VIEW_CONTACTS, contact_groups, is_support_staff
from tests.clock import frozen
from tests.factories import (
    GroupFactory,
    GroupRelationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    make_support_staff,
)

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def world(structure):
    """An NPO with a NAG it appointed, a Västerbotten LPO that covers the NPO, a LAG the LPO
    appointed and a LAG that serves the NPO."""
    npo = GroupFactory(kind=GroupKind.NPO, name="Testområde")
    nag = GroupFactory(kind=GroupKind.NAG, name="Testarbetsgrupp")
    GroupRelationFactory(from_group=nag, to_group=npo, kind=RelationKind.APPOINTED_BY)
    region = Region.objects.get(name="Västerbotten")
    local = {"region": region, "healthcare_region": region.healthcare_region}
    lpo = GroupFactory(kind=GroupKind.LPO, name="LPO Test", **local)
    GroupRelationFactory(from_group=lpo, to_group=npo, kind=RelationKind.COVERS)
    lag = GroupFactory(kind=GroupKind.LAG, name="LAG Test", **local)
    GroupRelationFactory(from_group=lag, to_group=lpo, kind=RelationKind.APPOINTED_BY)
    serving_lag = GroupFactory(kind=GroupKind.LAG, name="LAG som stödjer", **local)
    GroupRelationFactory(from_group=serving_lag, to_group=npo, kind=RelationKind.SERVES)
    other = GroupFactory(kind=GroupKind.NPO, name="Annat område")
    return {"npo": npo, "nag": nag, "lpo": lpo, "lag": lag, "serving_lag": serving_lag, "other": other}


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
        return make_support_staff()
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


@pytest.mark.parametrize("actor", [row[0] for row in TABLE])
@pytest.mark.parametrize("active", [True, False])
def test_contact_groups_answers_view_contacts_for_every_group_at_once(world, actor, active):
    """The lists' one-query form of VIEW_CONTACTS gives has_perm's answer for every group."""
    user = make(actor, world)
    user.is_active = active
    groups = contact_groups(user)
    for group in Group.objects.all():
        assert (groups is None or group.pk in groups) is user.has_perm(VIEW_CONTACTS, group), group


def test_inactive_users_have_no_object_permissions(world):
    user = make("processledare", world)
    user.is_active = False
    assert not user.has_perm(EDIT_ROSTER, world["npo"])


def test_npo_leader_cannot_edit_local_groups_that_cover_or_serve_the_npo(world):
    """The issue's case: with `parents`, a LAG listing the NPO made it editable by the NPO's
    process leader. Only APPOINTED_BY extends leadership; COVERS and SERVES never do."""
    leader = make("processledare", world)
    assert leader.has_perm(EDIT_ROSTER, world["nag"])
    assert not leader.has_perm(EDIT_ROSTER, world["lpo"])
    assert not leader.has_perm(EDIT_ROSTER, world["lag"])
    assert not leader.has_perm(EDIT_ROSTER, world["serving_lag"])


def test_lpo_leader_edits_the_lags_it_appointed_only(world):
    leader = user_with(Role.PROCESS_LEADER, world["lpo"])
    assert leader.has_perm(EDIT_ROSTER, world["lpo"])
    assert leader.has_perm(EDIT_ROSTER, world["lag"])
    assert not leader.has_perm(EDIT_ROSTER, world["npo"])
    assert not leader.has_perm(EDIT_ROSTER, world["serving_lag"])


def test_ended_appointment_ends_the_right(world):
    leader = make("processledare", world)
    world["nag"].relations_from.update(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1))
    assert not leader.has_perm(EDIT_ROSTER, world["nag"])


def test_support_staff_is_membership_of_the_support_function_only(world):
    """One source of truth: an auth group named like the function grants nothing."""
    from django.contrib.auth.models import Group as AuthGroup

    named = UserFactory()
    named.groups.add(AuthGroup.objects.get_or_create(name="Nationell stödfunktion")[0])
    assert not is_support_staff(named)
    assert not named.has_perm(EDIT_ROSTER, world["npo"])
    former = make_support_staff()
    former.person.memberships.update(end_date=datetime.date(2021, 1, 1))
    assert not is_support_staff(former)
    assert is_support_staff(make_support_staff())
