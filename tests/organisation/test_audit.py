"""The trigger-based audit log (django-pghistory): every write leaves an event, with the acting
user when it came through a request, even when it bypasses the ORM's save()."""

import pytest
from django.apps import apps
from django.urls import reverse

from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting
from tests.factories import GroupFactory, UserFactory, make_support_staff

pytestmark = pytest.mark.django_db

TRACKED = [
    ("organisation", "Group"),
    ("organisation", "GroupName"),
    ("organisation", "Hosting"),
    ("organisation", "Membership"),
    ("organisation", "Person"),
    ("organisation", "Organisation"),
    ("organisation", "Region"),
    ("organisation", "HealthcareRegion"),
    ("organisation", "HealthcareRegionName"),
    ("organisation", "Municipality"),
    ("organisation", "RosterSnapshot"),
    ("organisation", "RosterSnapshotEntry"),
    ("declarations", "InterestDeclaration"),
    ("nominations", "SeatCall"),
    ("nominations", "Nomination"),
    ("notices", "CalendarFeed"),
]


def events(model_name: str, app_label: str = "organisation"):
    return apps.get_model(app_label, f"{model_name}Event").objects.order_by("pgh_id")


@pytest.mark.parametrize(("app_label", "model_name"), TRACKED)
def test_every_model_has_an_event_table(app_label, model_name):
    assert apps.get_model(app_label, f"{model_name}Event")


def test_a_raw_queryset_update_is_recorded():
    group = GroupFactory(description="Före")
    Group.objects.filter(pk=group.pk).update(description="Efter")  # no save(), no signal
    last = events("Group").filter(pgh_obj_id=group.pk).last()
    assert (last.pgh_label, last.description) == ("update", "Efter")


def test_inserts_and_deletes_are_recorded():
    group = GroupFactory()
    pk = group.pk
    group.delete()
    assert list(events("Group").filter(pgh_obj_id=pk).values_list("pgh_label", flat=True)) == ["insert", "delete"]


def test_a_roster_version_bump_alone_is_not_an_event():
    group = GroupFactory()
    Group.objects.filter(pk=group.pk).update(roster_version=group.roster_version + 1)
    assert events("Group").filter(pgh_obj_id=group.pk, pgh_label="update").count() == 0


def test_a_change_through_a_page_records_the_acting_user(client, structure):
    staff = UserFactory()
    make_support_staff(staff)
    client.force_login(staff)
    sodra = HealthcareRegion.objects.get(slug="sodra")
    response = client.post(
        reverse("organisation:hosting_transfer", args=["npo-akut-vard"]),
        {"kind": "vardskap", "host": f"sjukvardsregion:{sodra.pk}", "start_date": "2027-01-01", "source": "Test"},
    )
    assert response.status_code == 302
    old = Hosting.objects.get(group__slug="npo-akut-vard", end_date__isnull=False)
    ended = events("Hosting").filter(pgh_obj_id=old.pk, pgh_label="update").get()
    assert ended.pgh_context.metadata["user"] == staff.pk
    assert ended.pgh_context.metadata["url"] == "/grupper/npo-akut-vard/vardskap/"


def test_support_staff_read_the_events_in_the_admin_and_cannot_change_them(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="stodfunktion"))
    group = Group.objects.get(slug="npo-akut-vard")
    Group.objects.filter(pk=group.pk).update(description="Ändrad i skalet")
    event = events("Group").filter(pgh_obj_id=group.pk, pgh_label="update").last()
    assert client.get(reverse("admin:organisation_groupevent_changelist")).status_code == 200
    assert client.get(reverse("admin:pghistory_events_changelist")).status_code == 200
    page = client.get(reverse("admin:organisation_groupevent_change", args=[event.pk])).content.decode()
    assert "Ändrad i skalet" in page
    assert 'name="_save"' not in page
