"""Notiser, the e-mail preferences, Min sida and the support function's reminder overview."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kunskapsstyrning.notices.choices import Delivery, EmailStatus
from kunskapsstyrning.notices.models import Notice, Preference
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Membership
from tests.clock import TODAY, frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory, make_support_staff

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def member(client):
    user = UserFactory()
    person = PersonFactory(user=user, first_name="Maja")
    client.force_login(user)
    return person


def make_notices(person, count: int, **fields):
    membership = MembershipFactory(person=person, end_date=TODAY + datetime.timedelta(days=90))
    ct = ContentType.objects.get_for_model(Membership)
    return [
        Notice.objects.create(
            kind="mandat_slutar",
            content_type=ct,
            object_id=membership.pk,
            milestone=f"m{i}-{person.pk}",
            person=person,
            deadline=membership.end_date,
            title=f"Mandatet slutar {i}",
            url=membership.group.get_absolute_url(),
            send_after=timezone.now(),
            **fields,
        )
        for i in range(count)
    ]


def test_login_lands_on_min_sida(client):
    user = UserFactory(username="maja")
    PersonFactory(user=user)
    response = client.post(reverse("login"), {"username": "maja", "password": "hemligt-losen"})
    assert response.status_code == 302 and response["Location"] == reverse("notices:my_page")


def test_min_sida_lists_what_is_mine_to_do(client, member):
    group = GroupFactory(name="Testgrupp med mandat")
    MembershipFactory(person=member, group=group, end_date=TODAY + datetime.timedelta(days=40))
    MembershipFactory(group=group, role=Role.PROCESS_LEADER)
    response = client.get(reverse("notices:my_page"))
    body = response.content.decode()
    assert "Ditt mandat som ledamot i Testgrupp med mandat slutar" in body
    assert "Lämna din jävsdeklaration" in body
    assert reverse("organisation:my_assignments") in body


def test_support_staff_see_the_system_wide_version(client):
    user = make_support_staff(UserFactory())
    client.force_login(user)
    MembershipFactory(end_date=TODAY + datetime.timedelta(days=40))
    body = client.get(reverse("notices:my_page")).content.decode()
    assert "Att göra i hela systemet" in body
    assert "mandat slutar inom 90 dagar utan efterträdare" in body


def test_notices_are_marked_read_one_or_all_and_only_ones_own(client, member):
    first, second, third = make_notices(member, 3)
    other = make_notices(PersonFactory(), 1)[0]
    client.post(reverse("notices:read", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post(reverse("notices:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notices:read_all"))
    assert not Notice.objects.filter(person=member, read_at__isnull=True).exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_notice_list_and_the_header_count_have_a_fixed_number_of_queries(
    client, member, count, django_assert_num_queries
):
    make_notices(member, count)
    # session, user, person (roles), support-staff check, the count, the page's count and rows.
    with django_assert_num_queries(7):
        response = client.get(reverse("notices:list"))
    body = response.content.decode()
    assert f'<span class="badge notice-count">{count}<span class="visually-hidden"> olästa' in body


def test_the_header_count_is_one_query_whatever_the_number(client, member):
    url = reverse("organisation:directory")
    client.get(url)
    counts = []
    for n in (0, 3, 30):
        make_notices(member, n) if n else None
        with CaptureQueriesContext(connection) as counted:
            client.get(url)
        counts.append(len(counted.captured_queries))
        assert sum("notices_notice" in q["sql"] for q in counted.captured_queries) == 1
    assert counts[0] == counts[1] == counts[2]


def test_pages_without_the_header_do_not_count(client, member):
    make_notices(member, 2)
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("health"))
    assert not any("notices_notice" in q["sql"] for q in counted.captured_queries)


def test_preferences_are_saved_per_kind_and_off_only_where_allowed(client, member):
    url = reverse("notices:preferences")
    body = client.get(url).content.decode()
    assert 'name="kind-mandat_slutar" value="av"' not in body
    assert 'name="kind-utlysning_stanger" value="av"' in body
    response = client.post(url, {"kind-mandat_slutar": Delivery.DIGEST, "kind-utlysning_stanger": Delivery.OFF})
    assert response.status_code == 302
    assert dict(Preference.objects.filter(person=member).values_list("kind", "delivery")) == {
        "mandat_slutar": Delivery.DIGEST,
        "utlysning_stanger": Delivery.OFF,
    }
    response = client.post(url, {"kind-mandat_slutar": Delivery.OFF, "kind-utlysning_stanger": Delivery.IMMEDIATELY})
    assert response.status_code == 400
    assert "kan inte stängas av" in response.content.decode()
    assert Preference.objects.get(person=member, kind="utlysning_stanger").delivery == Delivery.OFF  # nothing written


def test_the_overview_is_for_the_support_function_only(client, member):
    assert client.get(reverse("notices:reminders")).status_code == 403
    assert client.get(reverse("notices:reminders_csv")).status_code == 403


@pytest.fixture
def staff(client):
    user = make_support_staff(UserFactory())
    client.force_login(user)
    return user


@pytest.mark.parametrize("count", [2, 20])
def test_the_overview_shows_upcoming_and_decided_in_fixed_queries(client, staff, count, django_assert_num_queries):
    for _ in range(count):
        make_notices(PersonFactory(), 1)
        MembershipFactory(end_date=TODAY + datetime.timedelta(days=100))  # 90-day reminder in ten days
    # A fixed number per registered kind, never per row: the kinds' settings (one query), each
    # kind's own `due` queries (the consultation deadline and the campaign deadline one per lead
    # time, the care pathways' regional report, whose 31 March deadline falls in the window, one
    # per lead time), one for what is decided of each kind that has something coming, and the
    # titles' and recipients' queries only for the kinds on the page shown.
    with django_assert_num_queries(32):
        response = client.get(reverse("notices:reminders"))
    body = response.content.decode()
    assert body.count("Mandatet slutar 0") == count
    assert "Du har ingen aktuell jävsdeklaration" in body  # every kind's coming reminders
    body = client.get(reverse("notices:reminders"), {"kind": "mandat_slutar"}).content.decode()
    assert body.count("Mandatet för") == count  # upcoming, with today's recipients


def test_the_overview_filters_exports_csv_and_resends(client, staff):
    given_up = make_notices(PersonFactory(last_name="Uppgiven"), 1, email_status=EmailStatus.GIVEN_UP)[0]
    make_notices(PersonFactory(last_name="Skickad"), 1, email_status=EmailStatus.SENT)
    body = client.get(reverse("notices:reminders"), {"email_status": EmailStatus.GIVEN_UP}).content.decode()
    assert "Uppgiven" in body and "Testsson" not in body.split("Beslutade och skickade")[1].split("Skickad")[0]
    csv = client.get(reverse("notices:reminders_csv"), {"email_status": EmailStatus.GIVEN_UP}).content.decode(
        "utf-8-sig"
    )
    lines = csv.strip().split("\r\n")
    assert len(lines) == 2 and "Uppgiven" in lines[1] and "Gav upp" in lines[1]
    client.post(reverse("notices:resend", args=[given_up.pk]))
    given_up.refresh_from_db()
    assert given_up.email_status == EmailStatus.PENDING and given_up.attempts == 0


def test_staff_change_lead_times_and_the_beat_schedule_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:notices_kindsetting_add"), {"kind": "mandat_slutar", "lead_days": "120,60,14", "active": "on"}
    )
    assert response.status_code == 302
    from kunskapsstyrning.notices.models import KindSetting

    assert KindSetting.objects.get(kind="mandat_slutar").lead_days == [120, 60, 14]
    body = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert "Påminnelser: daglig sammanställning 07:00" in body
    make_notices(PersonFactory(), 2)
    assert client.get(reverse("admin:notices_notice_changelist")).status_code == 200


def test_min_sida_lists_nominations_awaiting_the_process_leader(client):
    from kunskapsstyrning.nominations.models import Nomination, SeatCall

    user = UserFactory()
    leader = PersonFactory(user=user)
    group = GroupFactory(name="Grupp som beslutar")
    MembershipFactory(person=leader, group=group, role=Role.PROCESS_LEADER)
    call = SeatCall.objects.create(
        group=group,
        title="Ledamot (demo)",
        task="Demo",
        competences="Demo",
        closes_on=TODAY + datetime.timedelta(days=10),
        mandate_start=TODAY + datetime.timedelta(days=40),
        deciding_body="gruppen",
    )
    nominee = PersonFactory(first_name="Nominerad")
    Nomination.objects.create(call=call, person=nominee, nominated_by="sjalv", manager_approval=True, motivation="Demo")
    client.force_login(user)
    body = client.get(reverse("notices:my_page")).content.decode()
    assert f"Nominering att besluta: {nominee.full_name} till {group}: Ledamot (demo)" in body


@pytest.mark.parametrize("count", [2, 60])
def test_both_lists_are_paged_in_fixed_queries_keeping_the_filters(client, staff, count, django_assert_num_queries):
    """50 a page in each list, the other list's page and the filters kept in the links; the
    same queries for 2 and 60 rows, on the first page and the last."""
    for _ in range(count):
        make_notices(PersonFactory(), 1)
        MembershipFactory(end_date=TODAY + datetime.timedelta(days=100))  # 90-day reminder in ten days
    url = reverse("notices:reminders")
    shown = min(count, 50)
    with django_assert_num_queries(15):
        body = client.get(url, {"kind": "mandat_slutar"}).content.decode()
    assert body.count("Mandatet slutar 0") == shown
    assert body.count("Mandatet för") == shown
    assert f"1–{shown} av {count} påminnelser." in body
    if count > 50:
        assert 'href="?kind=mandat_slutar&amp;kommande=2"' in body
        assert 'href="?kind=mandat_slutar&amp;page=2"' in body
    else:
        assert "kommande=2" not in body and "page=2" not in body
    last = {"kind": "mandat_slutar", "kommande": 2, "page": 2} if count > 50 else {"kind": "mandat_slutar"}
    with django_assert_num_queries(15):
        body = client.get(url, last).content.decode()
    rest = count - 50 if count > 50 else count
    assert body.count("Mandatet slutar 0") == rest
    assert body.count("Mandatet för") == rest
    if count > 50:
        assert 'href="?kind=mandat_slutar&amp;page=2&amp;kommande=1"' in body  # the decided list's page kept
        assert 'href="?kind=mandat_slutar&amp;kommande=2&amp;page=1"' in body
