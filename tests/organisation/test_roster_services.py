"""Roster changes: history of every change, no lost update, roster as of any date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kunskapsstyrning.organisation import services
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership, RosterChange
from tests.concurrency import overlapping
from tests.factories import GroupFactory, PersonFactory, UserFactory

D = datetime.date


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_when_before_and_after(structure):
    group = GroupFactory()
    editor = UserFactory()
    norra = HealthcareRegion.objects.get(slug="norra")
    anna = PersonFactory(first_name="Anna", last_name="Exempelsson")
    membership = services.membership_create(
        person=anna, group=group, start_date=D(2025, 1, 1), represents=norra, by=editor
    )
    services.membership_end(membership=membership, end_date=D(2025, 6, 30), by=editor)
    changes = list(RosterChange.objects.filter(group=group).order_by("version"))
    assert [c.action for c in changes] == ["added", "ended"]
    assert [c.version for c in changes] == [1, 2]
    assert changes[0].summary == "Lade till Anna Exempelsson som ledamot (företräder Norra) från 2025-01-01."
    assert changes[0].actor == editor and changes[0].before is None
    assert changes[1].before["end_date"] is None and changes[1].after["end_date"] == "2025-06-30"
    group.refresh_from_db()
    assert group.roster_version == 2


@pytest.mark.django_db
def test_a_stale_edit_is_refused_naming_what_changed_and_writes_nothing(structure):
    group = GroupFactory()
    seen_version = group.roster_version
    services.membership_create(
        person=PersonFactory(first_name="Bo", last_name="Först"), group=group, start_date=D(2025, 1, 1)
    )
    latecomer = PersonFactory()
    with pytest.raises(services.RosterConflict) as exc:
        services.membership_create(
            person=latecomer, group=group, start_date=D(2025, 2, 1), expected_version=seen_version
        )
    assert "Någon annan har ändrat ledamotslistan" in exc.value.messages[0]
    assert "Lade till Bo Först som ledamot" in exc.value.messages[0]
    assert not Membership.objects.filter(person=latecomer).exists()
    assert RosterChange.objects.filter(group=group).count() == 1


@pytest.mark.django_db
def test_succession_keeps_both_records(structure):
    group = GroupFactory()
    chair = services.membership_create(person=PersonFactory(), group=group, role=Role.CHAIR, start_date=D(2023, 1, 1))
    successor = PersonFactory()
    new = services.membership_replace(membership=chair, successor=successor, start_date=D(2026, 1, 1))
    chair.refresh_from_db()
    assert chair.end_date == D(2025, 12, 31)
    assert new.role == Role.CHAIR and new.person == successor and new.start_date == D(2026, 1, 1)
    assert Membership.objects.current(D(2025, 12, 31)).get(group=group).pk == chair.pk
    assert Membership.objects.current(D(2026, 1, 1)).get(group=group).pk == new.pk
    assert RosterChange.objects.get(group=group, action="replaced").membership == new


@pytest.mark.django_db
def test_a_successor_cannot_start_before_the_seat_was_taken(structure):
    group = GroupFactory()
    member = services.membership_create(person=PersonFactory(), group=group, start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_replace(membership=member, successor=PersonFactory(), start_date=D(2024, 1, 1))
    member.refresh_from_db()
    assert member.end_date is None


@pytest.mark.django_db
def test_a_correction_records_before_and_after_and_a_no_op_records_nothing(structure):
    group = GroupFactory()
    member = services.membership_create(person=PersonFactory(), group=group, start_date=D(2025, 1, 1))
    services.membership_update(membership=member, role=Role.EXPERT)
    change = RosterChange.objects.get(group=group, action="changed")
    assert (change.before["role"], change.after["role"]) == ("ledamot", "expert")
    services.membership_update(membership=member, role=Role.EXPERT)
    assert RosterChange.objects.filter(group=group, action="changed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_version_one_wins(structure_loaded):
    """Real concurrency on PostgreSQL: the row lock makes the version check airtight."""
    group = GroupFactory()
    version = group.roster_version
    people = [PersonFactory(), PersonFactory()]
    first, second = (
        lambda p=p: services.membership_create(
            person=p, group=Group.objects.get(pk=group.pk), start_date=D(2025, 1, 1), expected_version=version
        )
        for p in people
    )
    outcomes = overlapping(first, second, refused=(services.RosterConflict,))
    assert outcomes == ["ok", "refused"]  # one saved, one refused as a conflict
    assert Membership.objects.filter(group=group).count() == 1
    assert Group.objects.get(pk=group.pk).roster_version == version + 1


@pytest.fixture
def structure_loaded(transactional_db):
    from kunskapsstyrning.organisation.loaders import load_structure

    load_structure()


@pytest.mark.django_db
def test_bulk_create_writes_one_history_entry_per_group_and_bumps_its_version():
    a, b = GroupFactory(), GroupFactory()
    rows = [Membership(person=PersonFactory(), group=g, start_date=datetime.date(2025, 1, 1)) for g in (a, a, b)]
    services.memberships_bulk_create(rows, summary="Inläst (test).")
    for group, count in ((a, 2), (b, 1)):
        group.refresh_from_db()
        assert group.roster_version == 1
        assert group.memberships.count() == count
        change = RosterChange.objects.get(group=group)
        assert (change.version, change.action, change.summary) == (1, "imported", "Inläst (test).")


@pytest.mark.django_db
def test_bulk_create_refuses_two_chairs_at_once_and_writes_nothing():
    group = GroupFactory()
    rows = [
        Membership(person=PersonFactory(), group=group, role=Role.CHAIR, start_date=datetime.date(2025, 1, 1))
        for _ in range(2)
    ]
    with pytest.raises(ValidationError):
        services.memberships_bulk_create(rows, summary="Inläst (test).")
    group.refresh_from_db()
    assert (group.roster_version, group.memberships.count()) == (0, 0)
    assert not RosterChange.objects.filter(group=group).exists()
