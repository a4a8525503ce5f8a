"""Rules of the structure model: refused with a clear Swedish message, nothing written."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Hosting, Membership
from tests.clock import STOCKHOLM
from tests.factories import (
    GroupFactory,
    HealthcareRegionFactory,
    HostingFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_membership_ending_before_it_starts_is_refused():
    membership = MembershipFactory.build(
        group=GroupFactory(),
        person=MembershipFactory().person,
        start_date=D(2025, 5, 1),
        end_date=D(2025, 4, 30),
    )
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert "Slutdatum kan inte vara före startdatum." in messages(exc.value)


def test_database_also_refuses_an_end_before_the_start():
    membership = MembershipFactory()
    membership.end_date = membership.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_two_concurrent_chairs_are_refused_with_the_sitting_chair_named():
    group = GroupFactory(name="Testområde akut")
    sitting = MembershipFactory(group=group, role=Role.CHAIR, start_date=D(2024, 1, 1), end_date=D(2026, 12, 31))
    rival = MembershipFactory.build(
        group=group, person=MembershipFactory().person, role=Role.CHAIR, start_date=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        rival.full_clean()
    text = messages(exc.value)
    assert "En grupp kan bara ha en ordförande åt gången." in text
    assert sitting.person.full_name in text


def test_a_chair_may_succeed_another_the_day_after():
    group = GroupFactory()
    MembershipFactory(group=group, role=Role.CHAIR, start_date=D(2023, 1, 1), end_date=D(2025, 12, 31))
    successor = MembershipFactory.build(
        group=group, person=MembershipFactory().person, role=Role.CHAIR, start_date=D(2026, 1, 1)
    )
    successor.full_clean()


def test_two_open_ended_chairs_are_stopped_by_the_database():
    group = GroupFactory()
    MembershipFactory(group=group, role=Role.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, role=Role.CHAIR)


def test_many_members_may_sit_at_once():
    group = GroupFactory()
    MembershipFactory.create_batch(3, group=group, role=Role.MEMBER)
    extra = MembershipFactory.build(group=group, person=MembershipFactory().person, role=Role.MEMBER)
    extra.full_clean()


def test_a_membership_represents_at_most_one_thing():
    membership = MembershipFactory.build(
        group=GroupFactory(),
        person=MembershipFactory().person,
        represents_healthcare_region=HealthcareRegionFactory(),
        represents_region=RegionFactory(),
    )
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert "högst en sjukvårdsregion, region, kommun eller organisation" in messages(exc.value)


def test_represents_returns_whichever_is_set():
    region = RegionFactory(name="Testgotland")
    assert MembershipFactory(represents_region=region).represents == region
    assert MembershipFactory().represents is None


def test_a_second_rpo_mirroring_the_same_npo_in_one_healthcare_region_is_refused():
    npo = GroupFactory(kind=GroupKind.NPO)
    norra = HealthcareRegionFactory()
    GroupFactory(kind=GroupKind.RPO, healthcare_region=norra, mirror_of=npo, name="RPO A")
    second = GroupFactory.build(kind=GroupKind.RPO, healthcare_region=norra, mirror_of=npo, name="RPO B")
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "har redan en aktiv grupp som speglar den nationella gruppen" in messages(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_same_npo_may_be_mirrored_in_every_healthcare_region_and_after_closure():
    npo = GroupFactory(kind=GroupKind.NPO)
    norra, sodra = HealthcareRegionFactory(), HealthcareRegionFactory()
    GroupFactory(kind=GroupKind.RPO, healthcare_region=norra, mirror_of=npo, closed_on=D(2022, 12, 31))
    GroupFactory.build(kind=GroupKind.RPO, healthcare_region=norra, mirror_of=npo, slug="rpo-ny").full_clean()
    GroupFactory.build(kind=GroupKind.RPO, healthcare_region=sodra, mirror_of=npo, slug="rpo-s").full_clean()


def test_an_rpo_mirrors_an_npo_not_an_nsg():
    nsg = GroupFactory(kind=GroupKind.NSG)
    rpo = GroupFactory.build(kind=GroupKind.RPO, healthcare_region=HealthcareRegionFactory(), mirror_of=nsg)
    with pytest.raises(ValidationError) as exc:
        rpo.full_clean()
    assert "speglar Nationellt programområde (NPO), inte Nationell samverkansgrupp (NSG)" in messages(exc.value)


@pytest.mark.parametrize(
    ("kind", "field", "message"),
    [
        (GroupKind.NPO, "healthcare_region", "En nationell grupp hör inte till någon sjukvårdsregion"),
        (GroupKind.RPO, None, "En sjukvårdsregional grupp måste höra till en sjukvårdsregion."),
        (GroupKind.LPO, None, "En lokal grupp (LPO, LAG) måste höra till en region."),
    ],
)
def test_each_kind_sits_at_its_level(kind, field, message):
    group = GroupFactory.build(kind=kind, **({field: HealthcareRegionFactory()} if field else {}))
    with pytest.raises(ValidationError) as exc:
        group.full_clean()
    assert message in messages(exc.value)


def test_an_lpo_region_must_belong_to_its_healthcare_region():
    lpo = GroupFactory.build(kind=GroupKind.LPO, region=RegionFactory(), healthcare_region=HealthcareRegionFactory())
    with pytest.raises(ValidationError) as exc:
        lpo.full_clean()
    assert "Regionen hör inte till den angivna sjukvårdsregionen." in messages(exc.value)


def test_overlapping_hosts_of_one_group_are_refused_but_a_dormant_host_may_coexist():
    hosting = HostingFactory(start_date=D(2019, 1, 1))
    clash = Hosting(group=hosting.group, healthcare_region=HealthcareRegionFactory(), start_date=D(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert "Gruppen har redan ett värdskap under samma period" in messages(exc.value)
    Hosting(group=hosting.group, kind="vilande", healthcare_region=HealthcareRegionFactory()).full_clean()


def test_a_hosting_names_exactly_one_host():
    hosting = Hosting(
        group=GroupFactory(), healthcare_region=HealthcareRegionFactory(), organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError) as exc:
        hosting.full_clean()
    assert "antingen en sjukvårdsregion eller en organisation" in messages(exc.value)


@pytest.mark.parametrize(
    ("stockholm", "current"),
    [
        # 23:30 on New Year's Eve in Stockholm (22:30 UTC): the mandate's last day is not over.
        (datetime.datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM), True),
        # 00:30 on New Year's Day in Stockholm: over, although UTC still says 31 December (23:30).
        (datetime.datetime(2026, 1, 1, 0, 30, tzinfo=STOCKHOLM), False),
    ],
)
def test_current_uses_the_stockholm_date_not_utc(stockholm, current):
    """A mandate ending 31 Dec is over at Stockholm midnight, while UTC still says 31 Dec."""
    membership = MembershipFactory(start_date=D(2025, 1, 1), end_date=D(2025, 12, 31))
    with time_machine.travel(stockholm, tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == D(2025, 12, 31)
        assert Membership.objects.current().filter(pk=membership.pk).exists() is current
