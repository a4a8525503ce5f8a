"""Lists and object rules agree: for every user, `Model.objects.visible_to(user)` is exactly the
objects `user.has_perm(<view rule>, obj)` allows, so a list never shows what the detail page
refuses (and never hides what it shows). A matrix of users against a small world."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from kunskapsstyrning.declarations.models import InterestDeclaration
from kunskapsstyrning.declarations.permissions import VIEW_DECLARATION
from kunskapsstyrning.nominations.models import Nomination, SeatCall
from kunskapsstyrning.nominations.permissions import VIEW_NOMINATION
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.forms import MembershipAddForm
from kunskapsstyrning.organisation.models import Group, Membership, Person
from kunskapsstyrning.organisation.models.periods import active_on
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER, VIEW_CONTACTS, VIEW_PERSON
from tests.clock import TODAY, frozen
from tests.factories import (
    GroupFactory,
    GroupRelationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    make_support_staff,
)

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date
USERS = ("anonymous", "outsider", "member", "leader", "other_leader", "nag_member", "former", "support", "inactive")


def _user_with_person(**membership):
    user = UserFactory()
    person = PersonFactory(user=user)
    if membership:
        MembershipFactory(person=person, **membership)
    return user


@pytest.fixture
def world():
    group, other = GroupFactory(kind=GroupKind.NPO), GroupFactory(kind=GroupKind.NPO)
    nag = GroupRelationFactory(to_group=group).from_group  # appointed by `group`: its leaders lead it too
    users = {
        "anonymous": AnonymousUser(),
        "outsider": _user_with_person(),
        "member": _user_with_person(group=group),
        "leader": _user_with_person(group=group, role=Role.PROCESS_LEADER),
        "other_leader": _user_with_person(group=other, role=Role.CHAIR),
        "nag_member": _user_with_person(group=nag),
        "former": _user_with_person(group=group, end_date=TODAY - datetime.timedelta(days=1)),
        "support": make_support_staff(),
        "inactive": _user_with_person(group=group, role=Role.CHAIR),
    }
    users["inactive"].is_active = False
    users["inactive"].save()
    for g in (group, other, nag):  # a member with no account in each, and an upcoming one in `group`
        MembershipFactory(group=g)
    MembershipFactory(group=group, start_date=TODAY + datetime.timedelta(days=30))
    PersonFactory()  # in no group
    for person in Person.objects.all():
        InterestDeclaration.objects.create(person=person, form="standard", has_interests=False, submitted_on=TODAY)
    for g in (group, other, nag):
        call = SeatCall.objects.create(
            group=g,
            title="Demoutlysning",
            task="Demotext.",
            competences="Demotext.",
            closes_on=TODAY + datetime.timedelta(days=30),
            mandate_start=TODAY + datetime.timedelta(days=60),
            deciding_body="gruppen",
        )
        Nomination.objects.create(
            call=call, person=PersonFactory(), nominated_by="sjalv", manager_approval=True, motivation="Demo"
        )
    return {"users": users, "group": group, "other": other, "nag": nag}


def _fresh(user):
    # A new request gets a new user object: the rules cache their group ids on it.
    return user if not user.is_authenticated else type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("who", USERS)
def test_people_list_and_rule_agree(world, who):
    user = _fresh(world["users"][who])
    listed = set(Person.objects.visible_to(user))
    assert listed == {p for p in Person.objects.all() if user.has_perm(VIEW_PERSON, p)}
    # … and the people of every group whose contacts the user sees are among them.
    for group in Group.objects.all():
        if user.has_perm(VIEW_CONTACTS, group):
            current = Membership.objects.filter(active_on(TODAY), group=group).values("person_id")
            assert set(Person.objects.filter(pk__in=current)) <= listed


def test_who_sees_whom(world):
    users, group = world["users"], world["group"]
    everyone = Person.objects.count()
    counts = {who: Person.objects.visible_to(_fresh(users[who])).count() for who in USERS}
    assert counts["anonymous"] == 0
    assert counts["inactive"] == 0
    assert counts["outsider"] == 1  # themself
    assert counts["support"] == everyone
    current_in_group = 4  # member, leader, the inactive chair, the member without an account
    assert counts["member"] == current_in_group
    # The leader also sees the NAG their group appointed (its member and nag_member).
    assert counts["leader"] == current_in_group + 2
    assert counts["other_leader"] == 2
    assert counts["former"] == 1
    assert group.pk in Group.objects.editable_by(_fresh(users["leader"])).values_list("pk", flat=True)


@pytest.mark.parametrize("who", USERS)
def test_declarations_list_and_rule_agree(world, who):
    user = _fresh(world["users"][who])
    assert set(InterestDeclaration.objects.visible_to(user)) == {
        d for d in InterestDeclaration.objects.all() if user.has_perm(VIEW_DECLARATION, d)
    }


@pytest.mark.parametrize("who", USERS)
def test_nominations_list_and_rule_agree(world, who):
    user = _fresh(world["users"][who])
    assert set(Nomination.objects.visible_to(user)) == {
        n for n in Nomination.objects.all() if user.has_perm(VIEW_NOMINATION, n)
    }


@pytest.mark.parametrize("who", USERS)
def test_editable_groups_and_rule_agree(world, who):
    user = _fresh(world["users"][who])
    assert set(Group.objects.editable_by(user)) == {g for g in Group.objects.all() if user.has_perm(EDIT_ROSTER, g)}


def test_person_search_finds_everyone_by_name_but_shows_email_only_of_visible_people(world):
    leader = _fresh(world["users"]["other_leader"])  # leads `other`, not `group`
    stranger = world["group"].memberships.filter(person__user__isnull=True).first().person
    own = world["other"].memberships.filter(person__user__isnull=True).first().person
    labels = dict(MembershipAddForm(search=stranger.last_name, user=leader).fields["person"].choices)
    assert labels[stranger.pk].startswith(stranger.full_name)  # found, to be added — but no address
    assert stranger.email not in labels[stranger.pk]
    labels = dict(MembershipAddForm(search=own.last_name, user=leader).fields["person"].choices)
    assert own.email in labels[own.pk]
