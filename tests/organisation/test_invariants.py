"""Invariants the database holds, whatever writes the row: bulk writes and raw updates skip
clean(), so each rule is tried here with a write that bypasses it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from kunskapsstyrning.organisation import rosterfiles, services
from kunskapsstyrning.organisation.choices import HostingKind, Role
from kunskapsstyrning.organisation.models import (
    Group,
    GroupName,
    HealthcareRegionName,
    Hosting,
    Membership,
    Person,
    RosterChange,
)
from tests.factories import (
    GroupFactory,
    HealthcareRegionFactory,
    HostingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.rosterfile import csv_bytes

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(*rows):
    """Bulk-create rows past clean() and expect the database to refuse them."""
    with pytest.raises(IntegrityError), transaction.atomic():
        type(rows[0]).objects.bulk_create(rows)


# Overlapping periods (exclusion constraints, btree_gist)


def test_two_dated_chairs_of_one_group_may_not_overlap():
    sitting = MembershipFactory(role=Role.CHAIR, start_date=D(2024, 1, 1), end_date=D(2025, 12, 31))
    group = sitting.group
    refused(
        Membership(
            person=PersonFactory(), group=group, role=Role.CHAIR, start_date=D(2025, 6, 1), end_date=D(2026, 6, 1)
        )
    )
    # Both days are inclusive: the successor may start the day after.
    Membership.objects.bulk_create(
        [Membership(person=PersonFactory(), group=group, role=Role.CHAIR, start_date=D(2026, 1, 1))]
    )


def test_two_process_leaders_of_one_group_may_not_overlap():
    sitting = MembershipFactory(role=Role.PROCESS_LEADER, start_date=D(2024, 1, 1))
    refused(Membership(person=PersonFactory(), group=sitting.group, role=Role.PROCESS_LEADER, start_date=D(2025, 1, 1)))
    Membership.objects.bulk_create(
        [Membership(person=PersonFactory(), group=GroupFactory(), role=Role.PROCESS_LEADER, start_date=D(2025, 1, 1))]
    )


def test_an_open_end_overlaps_every_later_chair():
    sitting = MembershipFactory(role=Role.CHAIR, start_date=D(2020, 1, 1))
    refused(
        Membership(
            person=PersonFactory(),
            group=sitting.group,
            role=Role.CHAIR,
            start_date=D(2030, 1, 1),
            end_date=D(2030, 2, 1),
        )
    )


def test_an_update_that_makes_chairs_overlap_is_refused():
    first = MembershipFactory(role=Role.CHAIR, start_date=D(2020, 1, 1), end_date=D(2021, 12, 31))
    MembershipFactory(group=first.group, role=Role.CHAIR, start_date=D(2022, 1, 1), end_date=D(2023, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=first.pk).update(end_date=D(2022, 6, 30))


def test_several_members_may_overlap_but_not_the_same_person_in_the_same_role_twice():
    member = MembershipFactory(start_date=D(2024, 1, 1))
    Membership.objects.bulk_create(
        [
            Membership(person=PersonFactory(), group=member.group, start_date=D(2024, 6, 1)),
            Membership(person=member.person, group=member.group, role=Role.EXPERT, start_date=D(2024, 6, 1)),
        ]
    )
    refused(Membership(person=member.person, group=member.group, role=Role.MEMBER, start_date=D(2025, 1, 1)))


def test_the_same_person_twice_is_refused_by_full_clean_in_swedish():
    member = MembershipFactory(start_date=D(2024, 1, 1))
    twice = Membership(person=member.person, group=member.group, start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        twice.full_clean()
    assert "Personen har redan samma roll i gruppen under perioden." in exc.value.messages


def test_two_hosts_of_one_group_may_not_overlap_but_a_dormant_host_may():
    hosting = HostingFactory(start_date=D(2019, 1, 1))
    refused(Hosting(group=hosting.group, healthcare_region=HealthcareRegionFactory(), start_date=D(2024, 1, 1)))
    Hosting.objects.bulk_create(
        [Hosting(group=hosting.group, kind=HostingKind.DORMANT, healthcare_region=HealthcareRegionFactory())]
    )
    refused(Hosting(group=hosting.group, kind=HostingKind.DORMANT, healthcare_region=HealthcareRegionFactory()))


def test_a_hosting_with_unknown_start_overlaps_everything_before_its_end():
    hosting = HostingFactory(start_date=None, end_date=D(2020, 12, 31))
    refused(
        Hosting(
            group=hosting.group,
            healthcare_region=HealthcareRegionFactory(),
            start_date=D(2015, 1, 1),
            end_date=D(2016, 1, 1),
        )
    )


# A membership within its group's lifetime (triggers)


def test_a_membership_before_the_group_was_founded_is_refused_by_the_database():
    group = GroupFactory(founded_on=D(2020, 1, 1))
    refused(Membership(person=PersonFactory(), group=group, start_date=D(2019, 12, 31)))
    Membership.objects.bulk_create([Membership(person=PersonFactory(), group=group, start_date=D(2020, 1, 1))])


def test_a_membership_after_the_group_closed_is_refused_by_the_database():
    group = GroupFactory(founded_on=D(2020, 1, 1), closed_on=D(2022, 12, 31))
    refused(Membership(person=PersonFactory(), group=group, start_date=D(2021, 1, 1)))  # open end
    refused(Membership(person=PersonFactory(), group=group, start_date=D(2021, 1, 1), end_date=D(2023, 1, 1)))
    Membership.objects.bulk_create(
        [Membership(person=PersonFactory(), group=group, start_date=D(2021, 1, 1), end_date=D(2022, 12, 31))]
    )


def test_closing_a_group_with_open_memberships_is_refused_by_the_database():
    member = MembershipFactory(start_date=D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=member.group.pk).update(closed_on=D(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=member.group.pk).update(founded_on=D(2024, 6, 1))
    Membership.objects.filter(pk=member.pk).update(end_date=D(2024, 12, 31))
    Group.objects.filter(pk=member.group.pk).update(closed_on=D(2025, 1, 1))


def test_the_group_form_says_why_it_cannot_close():
    member = MembershipFactory(start_date=D(2024, 1, 1))
    group = member.group
    group.closed_on = D(2025, 1, 1)
    with pytest.raises(ValidationError) as exc:
        group.full_clean()
    assert (
        "Gruppen har uppdrag utanför sin livstid. Avsluta eller ändra uppdragen först."
        in exc.value.message_dict["closed_on"]
    )


def test_the_services_refuse_a_membership_outside_the_lifetime_in_swedish():
    group = GroupFactory(founded_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.membership_create(person=PersonFactory(), group=group, start_date=D(2019, 1, 1))
    assert any("inom gruppens livstid" in m for m in exc.value.messages)


def test_a_database_refusal_past_clean_becomes_a_validation_error():
    """What a concurrent write would meet: the trigger's error, shown as a Swedish message."""
    group = GroupFactory(founded_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.save_checked(Membership(person=PersonFactory(), group=group, start_date=D(2019, 1, 1)))
    assert exc.value.messages == [
        "Ett uppdrag måste ligga inom gruppens livstid, från att gruppen inrättades till att den avvecklades."
    ]
    sitting = MembershipFactory(role=Role.CHAIR, start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.save_checked(
            Membership(person=PersonFactory(), group=sitting.group, role=Role.CHAIR, start_date=D(2025, 1, 1))
        )
    assert "Gruppen har redan en innehavare av rollen under perioden" in exc.value.messages[0]
    assert Membership.objects.filter(group=sitting.group).count() == 1


# E-mail unique whatever its case


def test_an_email_belongs_to_one_person_whatever_its_case():
    PersonFactory(email="Anna.Andersson@test.invalid")
    refused(Person(first_name="Anna", last_name="Annan", email="anna.andersson@TEST.invalid"))
    Person.objects.bulk_create([Person(first_name="A", last_name="B"), Person(first_name="C", last_name="D")])


def test_full_clean_says_the_email_is_taken_in_swedish():
    PersonFactory(email="anna@test.invalid")
    with pytest.raises(ValidationError) as exc:
        Person(first_name="Anna", last_name="Annan", email="ANNA@test.invalid").full_clean()
    assert "Det finns redan en person med den e-postadressen." in exc.value.messages


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


def test_the_roster_import_finds_a_person_by_email_whatever_its_case(npo):
    anna = PersonFactory(first_name="Anna", last_name="Andersson", email="Anna.Andersson@test.invalid")
    PersonFactory(first_name="Eva", last_name="Existerande", email="Eva@test.invalid")
    before = Person.objects.count()
    result = rosterfiles.import_roster(
        group=npo, raw=csv_bytes("Anna;Andersson;anna.andersson@TEST.invalid;Ledamot;;2026-01-01;")
    )
    assert result.ok, result.errors
    assert Person.objects.count() == before
    assert Membership.objects.get(group=npo, person=anna)
    result = rosterfiles.import_roster(group=npo, raw=csv_bytes("Eve;Existerande;eva@test.invalid;Expert;;2026-01-01;"))
    assert not result.ok
    assert "tillhör redan Eva Existerande" in result.errors[0].message


def test_a_new_person_on_two_rows_of_an_import_is_created_once(npo):
    before = Person.objects.count()
    result = rosterfiles.import_roster(
        group=npo,
        raw=csv_bytes(
            "Nils;Nysson;nils@test.invalid;Ledamot;;2026-01-01;",
            "Nils;Nysson;NILS@test.invalid;Expert;;2026-01-01;",
            "Nina;Nysson;nils@test.invalid;Expert;;2026-01-01;",
        ),
    )
    assert not result.ok and Person.objects.count() == before
    assert {e.line for e in result.errors} == {4}
    assert any("tillhör redan Nils Nysson" in e.message for e in result.errors)
    result = rosterfiles.import_roster(
        group=npo,
        raw=csv_bytes(
            "Nils;Nysson;nils@test.invalid;Ledamot;;2026-01-01;", "Nils;Nysson;NILS@test.invalid;Expert;;2026-01-01;"
        ),
    )
    assert result.ok, result.errors
    assert Person.objects.count() == before + 1


# History is protected; groups are closed, never deleted


def test_a_group_with_a_former_name_cannot_be_deleted():
    group = GroupFactory()
    GroupName.objects.create(group=group, name="Förr")
    with pytest.raises(ProtectedError):
        group.delete()


def test_a_group_with_hostings_cannot_be_deleted():
    with pytest.raises(ProtectedError):
        HostingFactory().group.delete()


def test_a_group_with_roster_history_cannot_be_deleted():
    group = GroupFactory()
    RosterChange.objects.create(group=group, version=1, action=RosterChange.Action.CHANGED, summary="Ändring")
    with pytest.raises(ProtectedError):
        group.delete()


def test_a_healthcare_region_with_former_names_cannot_be_deleted():
    region = HealthcareRegionFactory()
    HealthcareRegionName.objects.create(healthcare_region=region, name="Förr")
    with pytest.raises(ProtectedError):
        region.delete()


def test_the_admin_offers_no_delete_for_groups_even_to_a_superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    group = GroupFactory()
    changelist = client.get(reverse("admin:organisation_group_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    change = client.get(reverse("admin:organisation_group_change", args=[group.pk]))
    assert change.status_code == 200
    assert reverse("admin:organisation_group_delete", args=[group.pk]) not in change.content.decode()
    assert client.post(reverse("admin:organisation_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()
