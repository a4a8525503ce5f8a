import datetime

import pytest
from django.core.exceptions import ValidationError

from kunskapsstyrning.organisation import services
from kunskapsstyrning.organisation.choices import HostingKind, Role
from kunskapsstyrning.organisation.filtersets import GroupFilterSet
from kunskapsstyrning.organisation.models import Group, Hosting, Membership
from tests.factories import (
    GroupFactory,
    HealthcareRegionFactory,
    HostingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_hosting_transfer_keeps_the_old_host_as_history():
    old = HostingFactory(start_date=D(2019, 1, 1))
    new_host = HealthcareRegionFactory()
    services.hosting_transfer(group=old.group, host=new_host, start_date=D(2026, 1, 1))
    old.refresh_from_db()
    assert old.end_date == D(2025, 12, 31)
    current = Hosting.objects.current(D(2026, 1, 1)).get(group=old.group, kind=HostingKind.HOST)
    assert current.healthcare_region == new_host
    assert Hosting.objects.current(D(2025, 6, 1)).get(group=old.group).healthcare_region == old.healthcare_region


def test_group_rename_keeps_the_old_name_and_search_finds_it():
    group = GroupFactory(name="Testhälsa")
    services.group_rename(group=group, name="Ny benämning", effective=D(2022, 1, 1))
    group.refresh_from_db()
    assert group.name == "Ny benämning"
    assert list(group.former_names.values_list("name", "used_until")) == [("Testhälsa", D(2021, 12, 31))]
    found = GroupFilterSet({"q": "testhälsa"}, queryset=Group.objects.all()).qs
    assert list(found) == [group]


def test_hosting_transfer_and_group_rename_store_the_actor():
    user = UserFactory()
    old = HostingFactory(start_date=D(2019, 1, 1))
    hosting = services.hosting_transfer(
        group=old.group, host=HealthcareRegionFactory(), start_date=D(2026, 1, 1), by=user
    )
    assert Hosting.objects.get(pk=hosting.pk).created_by == user
    services.group_rename(group=old.group, name="Nytt namn", effective=D(2026, 1, 1), by=user)
    assert old.group.former_names.get().recorded_by == user


def test_membership_end_keeps_the_row():
    membership = MembershipFactory(start_date=D(2024, 1, 1))
    services.membership_end(membership=membership, end_date=D(2025, 6, 30))
    assert Membership.objects.filter(pk=membership.pk, end_date=D(2025, 6, 30)).exists()


def test_membership_end_before_start_changes_nothing():
    membership = MembershipFactory(start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_end(membership=membership, end_date=D(2023, 1, 1))
    membership.refresh_from_db()
    assert membership.end_date is None


def test_membership_create_sets_what_the_member_represents():
    hr = HealthcareRegionFactory()
    membership = services.membership_create(
        person=PersonFactory(),
        group=GroupFactory(),
        role=Role.MEMBER,
        start_date=D(2025, 1, 1),
        represents=hr,
    )
    assert membership.represents_healthcare_region == hr


def test_membership_create_refuses_a_second_chair_and_writes_nothing():
    group = GroupFactory()
    MembershipFactory(group=group, role=Role.CHAIR, start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_create(person=PersonFactory(), group=group, role=Role.CHAIR, start_date=D(2025, 3, 1))
    assert Membership.objects.filter(group=group).count() == 1
