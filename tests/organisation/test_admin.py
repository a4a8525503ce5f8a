"""Every model is in the admin and its pages render for the support function."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from kunskapsstyrning.declarations.services import declaration_file
from kunskapsstyrning.nominations.services import call_create, nomination_submit
from kunskapsstyrning.notices.models import CalendarFeed
from kunskapsstyrning.organisation import aggregates, services
from kunskapsstyrning.organisation.models import Membership, Municipality, Region
from tests.clock import frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory, make_support_staff

pytestmark = [pytest.mark.django_db, frozen]

#: The portal's own apps whose models the support function manages in the admin.
PORTAL_APPS = {"organisation", "declarations", "nominations", "notices", "npo", "nsg"}
ORGANISATION_MODELS = [m for m in admin.site._registry if m._meta.app_label in PORTAL_APPS]

# The rule: records that are evidence of what someone did are never created by hand in the admin,
# not even by a superuser. Every other model may be added there by the support function.
NOT_ADDED_IN_THE_ADMIN = {
    "RosterChange": "the roster history is written by the services",
    "InterestDeclaration": "a declaration is filed by the member",
    "Nomination": "a nomination is submitted through the call",
    "CalendarFeed": "a calendar address is created by its person",
    "Hosting": "a new host is registered on the group's transfer page, which ends the old hosting",
    "GroupName": "a former name is kept by the rename action",
    "Notice": "a reminder is decided by the planner (notices.services.plan)",
    "Digest": "a digest is composed by the reminder engine",
    "Preference": "a person chooses their own e-mail preferences",
    "Aggregate": "a precomputed aggregate is written by the worker (organisation/aggregates.py)",
}


def is_audit_event(model) -> bool:
    """The audit log's event tables are written by database triggers only."""
    from pghistory.models import Event

    return issubclass(model, Event)


def test_the_rule_names_registered_models():
    assert set(NOT_ADDED_IN_THE_ADMIN) <= {m.__name__ for m in ORGANISATION_MODELS}


def test_every_structure_model_is_registered():
    from django.apps import apps

    models = {m for label in PORTAL_APPS for m in apps.get_app_config(label).get_models()}
    assert models == set(ORGANISATION_MODELS)


@pytest.mark.parametrize("model", ORGANISATION_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_render(client, structure, model):
    services.membership_create(person=PersonFactory(), group=GroupFactory(), start_date=datetime.date(2025, 1, 1))
    Municipality.objects.create(name="Testkommun", region=Region.objects.first())
    CalendarFeed.objects.create(person=PersonFactory())
    declaration_file(person=PersonFactory(), form="standard", has_interests=False, text="")
    call = call_create(
        group=GroupFactory(),
        title="Testutlysning",
        task="Uppdrag (demo)",
        competences="Kompetens (demo)",
        closes_on=datetime.date(2099, 1, 1),
        mandate_start=datetime.date(2099, 2, 1),
        deciding_body="gruppen",
    )
    nomination_submit(
        call=call,
        person=PersonFactory(),
        nominated_by="sjalv",
        manager_approval=True,
        manager_name="Chef (demo)",
        motivation="Motivering (demo)",
    )
    reminders_for_the_admin()
    aggregates.recompute(aggregates.kinds()[0].name)
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
    assert add == (403 if model.__name__ in NOT_ADDED_IN_THE_ADMIN or is_audit_event(model) else 200)
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def reminders_for_the_admin():
    """One row of each notices model (and so one event of the audited ones)."""
    from kunskapsstyrning.notices import services as notice_services
    from kunskapsstyrning.notices.models import Digest, KindSetting, Notice

    person = PersonFactory()
    KindSetting.objects.create(kind="mandat_slutar", lead_days=[90, 30])
    notice_services.preference_set(person=person, kind="mandat_slutar", delivery="sammanstallning")
    membership = MembershipFactory(person=person, end_date=datetime.date(2026, 6, 14))
    notice_services.plan()
    assert Notice.objects.filter(object_id=membership.pk).exists()
    Digest.objects.create(person=person, day=datetime.date(2026, 3, 16), send_after=datetime.datetime.now(datetime.UTC))


def test_memberships_cannot_be_deleted_in_the_admin(client):
    membership = MembershipFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:organisation_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:organisation_person_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_changes_to_memberships_go_through_the_services_and_the_rules(client, structure):
    from django.contrib.auth.models import Permission

    from kunskapsstyrning.organisation.models import Group, RosterChange

    membership = MembershipFactory(group=Group.objects.get(slug="npo-akut-vard"), start_date=datetime.date(2025, 1, 1))
    url = reverse("admin:organisation_membership_change", args=[membership.pk])
    form = {
        "person": membership.person_id,
        "group": membership.group_id,
        "role": "expert",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "note": "",
    }
    # Staff with model permissions but no right to this roster: the object is out of reach.
    outsider = UserFactory(is_staff=True)
    outsider.user_permissions.set(Permission.objects.filter(codename__in=["view_membership", "change_membership"]))
    client.force_login(outsider)
    assert client.post(url, form).status_code in (302, 404)
    membership.refresh_from_db()
    assert membership.role == "ledamot"
    # The support function may, and the change is recorded in the roster's history.
    staff = make_support_staff(UserFactory(is_staff=True))
    client.force_login(staff)
    assert client.post(url, form).status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.end_date) == ("expert", datetime.date(2025, 12, 31))
    change = RosterChange.objects.get(membership=membership, action="changed")
    assert change.actor == staff and change.before["role"] == "ledamot"


def test_admin_shows_a_process_leader_only_the_groups_and_rosters_they_may_edit(client, structure):
    """The admin asks the same rules: no auth-group permissions needed, none widen them."""
    from kunskapsstyrning.organisation.choices import Role
    from kunskapsstyrning.organisation.models import Group, GroupRelation

    npo = Group.objects.get(slug="npo-akut-vard")
    leader = UserFactory(is_staff=True)
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=leader))
    client.force_login(leader)
    listed = client.get(reverse("admin:organisation_group_changelist")).context["cl"].result_list
    expected = {npo.pk, *GroupRelation.objects.appointed_by(npo).values_list("from_group_id", flat=True)}
    assert {g.pk for g in listed} == expected
    other = Group.objects.get(slug="npo-tandvard")
    assert client.get(reverse("admin:organisation_group_change", args=[other.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:organisation_hosting_changelist")).status_code == 403


def test_a_rename_in_the_admin_goes_through_the_service_and_keeps_the_former_name(client, structure):
    from kunskapsstyrning.organisation.models import Group

    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    group = Group.objects.get(slug="npo-tandvard")
    changelist = reverse("admin:organisation_group_changelist")
    response = client.post(changelist, {"action": "rename", "_selected_action": [group.pk]})
    rename = reverse("admin:organisation_group_rename", args=[group.pk])
    assert response.status_code == 302 and response.url == rename
    assert client.get(rename).status_code == 200
    response = client.post(rename, {"name": "Tandvård och munhälsa", "effective": "2026-01-01", "note": "SKS"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Tandvård och munhälsa"
    former = group.former_names.get(name="Tandvård")
    assert (former.used_until, former.recorded_by) == (datetime.date(2025, 12, 31), user)


def test_the_change_form_cannot_rename_or_move_hostings(client, structure):
    from kunskapsstyrning.organisation.models import Group, Hosting

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    group = Group.objects.get(slug="npo-tandvard")
    page = client.get(reverse("admin:organisation_group_change", args=[group.pk])).content.decode()
    assert 'name="name"' not in page
    assert 'name="hostings-0-start_date"' not in page
    hosting = Hosting.objects.filter(group=group).first()
    page = client.get(reverse("admin:organisation_hosting_change", args=[hosting.pk])).content.decode()
    assert 'name="start_date"' not in page and 'name="healthcare_region"' not in page
    assert reverse("organisation:hosting_transfer", args=[group.slug]) in page
    assert client.get(reverse("admin:organisation_hosting_add")).status_code == 403
    response = client.post(
        reverse("admin:organisation_group_changelist"), {"action": "change_host", "_selected_action": [group.pk]}
    )
    assert response.url == reverse("organisation:hosting_transfer", args=[group.slug])
