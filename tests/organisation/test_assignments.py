"""Mina uppdrag and the private calendar feed."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.notices.ical import AllDayEvent, calendar
from kunskapsstyrning.notices.models import CalendarFeed
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group
from tests.clock import TODAY, frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def member(structure):
    user = UserFactory()
    person = PersonFactory(user=user, first_name="Mia", last_name="Medlemsson")
    return user, person


def test_anonymous_visitors_must_log_in(client, db):
    response = client.get(reverse("organisation:my_assignments"))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_current_upcoming_and_past_assignments_with_the_process_leader(client, member):
    user, person = member
    npo = Group.objects.get(slug="npo-akut-vard")
    leader = MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(email="pl@test.invalid"))
    MembershipFactory(group=npo, person=person, start_date=D(2024, 1, 1))
    nag = GroupFactory(kind=GroupKind.NAG, name="Testarbetsgrupp")
    MembershipFactory(group=nag, person=person, role=Role.EXPERT, start_date=TODAY + datetime.timedelta(days=30))
    old = GroupFactory(kind=GroupKind.NSG, name="Gammal samverkansgrupp")
    MembershipFactory(group=old, person=person, start_date=D(2019, 1, 1), end_date=D(2020, 12, 31))
    client.force_login(user)
    response = client.get(reverse("organisation:my_assignments"))
    assert [m.group for m in response.context["current"]] == [npo]
    assert [m.group for m in response.context["upcoming"]] == [nag]
    assert [m.group for m in response.context["past"]] == [old]
    html = response.content.decode()
    assert leader.person.full_name in html and "mailto:pl@test.invalid" in html


def test_the_process_leaders_e_mail_of_an_upcoming_assignment_follows_view_contacts(client, member):
    """The rule (VIEW_CONTACTS): contacts for the group's current members and leaders. A mandate
    that starts next month names the process leader but does not show the address yet."""
    user, person = member
    npo = Group.objects.get(slug="npo-akut-vard")
    nag = GroupFactory(kind=GroupKind.NAG, name="Kommande arbetsgrupp")
    MembershipFactory(group=npo, person=person, start_date=D(2024, 1, 1))
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(email="nu@test.invalid"))
    MembershipFactory(group=nag, person=person, start_date=TODAY + datetime.timedelta(days=30))
    later = MembershipFactory(group=nag, role=Role.PROCESS_LEADER, person=PersonFactory(email="sen@test.invalid"))
    client.force_login(user)
    html = client.get(reverse("organisation:my_assignments")).content.decode()
    assert "mailto:nu@test.invalid" in html
    assert later.person.full_name in html and "sen@test.invalid" not in html
    assert not user.has_perm("organisation.view_contacts", nag)


def test_an_account_without_a_person_gets_an_explanation(client, db):
    client.force_login(UserFactory())
    html = client.get(reverse("organisation:my_assignments")).content.decode()
    assert "inte kopplat till någon person" in html


# The exact number of queries of Mina uppdrag, whatever the number of assignments: + the user's
# groups for VIEW_CONTACTS on each row's process leader (asked once, cached on the user);
# + the unread-notice count in the header; + the roles and the versions waiting for the person (nkk).
MY_ASSIGNMENTS_QUERIES = 12


def test_my_assignments_runs_a_constant_number_of_queries(client, member, django_assert_num_queries):
    user, person = member
    client.force_login(user)

    def count():
        with django_assert_num_queries(MY_ASSIGNMENTS_QUERIES):
            assert client.get(reverse("organisation:my_assignments")).status_code == 200

    for _ in range(2):
        group = GroupFactory()
        MembershipFactory(group=group, person=person)
        MembershipFactory(group=group, role=Role.PROCESS_LEADER)
    count()
    for _ in range(15):
        group = GroupFactory()
        MembershipFactory(group=group, person=person, start_date=D(2018, 1, 1), end_date=D(2019, 1, 1))
        MembershipFactory(group=group, role=Role.PROCESS_LEADER)
        MembershipFactory(group=group, role=Role.PROCESS_LEADER, start_date=D(2015, 1, 1), end_date=D(2016, 1, 1))
    count()


def test_calendar_feed_lists_mandate_ends_and_can_be_revoked(client, member):
    user, person = member
    npo = Group.objects.get(slug="npo-tandvard")
    MembershipFactory(group=npo, person=person, start_date=D(2025, 1, 1), end_date=D(2099, 12, 31))
    MembershipFactory(group=npo, person=person, start_date=D(2010, 1, 1), end_date=D(2011, 12, 31))
    client.force_login(user)
    client.post(reverse("notices:calendar_manage"), {"action": "create"})
    feed = CalendarFeed.objects.get(person=person, revoked_at__isnull=True)
    url = reverse("notices:calendar_feed", args=[feed.token])
    client.logout()  # calendar apps send no cookies: the token is the credential
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "DTSTART;VALUE=DATE:20991231" in body
    assert "Mandatet som ledamot i Tandvård slutar" in body
    assert "20111231" not in body
    client.force_login(user)
    client.post(reverse("notices:calendar_manage"), {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


def test_a_new_calendar_address_retires_the_old_one(client, member):
    user, person = member
    client.force_login(user)
    client.post(reverse("notices:calendar_manage"), {"action": "create"})
    first = CalendarFeed.objects.get(person=person).token
    client.post(reverse("notices:calendar_manage"), {"action": "create"})
    assert client.get(reverse("notices:calendar_feed", args=[first])).status_code == 404
    assert CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).count() == 1


def test_ical_escapes_and_folds_long_lines():
    text = calendar(
        "Test",
        [AllDayEvent(uid="x@y", day=D(2026, 3, 29), summary="Å, ä; ö\\ " + "långt ord " * 12)],
    )
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Å\\, ä\\; ö\\\\ långt ord" in unfolded
    assert "DTSTART;VALUE=DATE:20260329" in unfolded and "DTEND;VALUE=DATE:20260330" in unfolded
    assert text.endswith("END:VCALENDAR\r\n")


def test_mandates_ending_within_90_days_show_the_days_left(client, member):
    user, person = member
    soon = GroupFactory(kind=GroupKind.NAG, name="Slutar snart")
    later = GroupFactory(kind=GroupKind.NAG, name="Slutar senare")
    today_ends = GroupFactory(kind=GroupKind.NAG, name="Slutar i dag")
    MembershipFactory(group=soon, person=person, start_date=D(2024, 1, 1), end_date=TODAY + datetime.timedelta(days=10))
    MembershipFactory(
        group=later, person=person, start_date=D(2024, 1, 1), end_date=TODAY + datetime.timedelta(days=91)
    )
    MembershipFactory(group=today_ends, person=person, start_date=D(2024, 1, 1), end_date=TODAY)
    client.force_login(user)
    response = client.get(reverse("organisation:my_assignments"))
    days = {m.group.name: getattr(m, "days_left", None) for m in response.context["current"]}
    assert days == {"Slutar snart": 10, "Slutar senare": None, "Slutar i dag": 0}
    html = response.content.decode()
    assert "Slutar om 10 dagar" in html and "Slutar i dag" in html
    assert "Slutar om 91 dagar" not in html


def test_the_calendar_section_offers_a_webcal_link_and_a_copy_button(client, member):
    user, person = member
    client.force_login(user)
    client.post(reverse("notices:calendar_manage"), {"action": "create"})
    token = CalendarFeed.objects.get(person=person, revoked_at__isnull=True).token
    html = client.get(reverse("organisation:my_assignments")).content.decode()
    assert f'href="webcal://testserver/kalender/{token}.ics"' in html
    # Hidden until copy.js finds a clipboard: without JavaScript the field is copied by hand.
    assert 'data-copy-target="feed-url"' in html and "hidden>" in html
