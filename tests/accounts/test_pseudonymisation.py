"""Issue 14, item 5: pseudonymising a person who left every group, after the retention period."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from kunskapsstyrning.accounts import services
from kunskapsstyrning.accounts.models import Invitation, Pseudonymisation, UserSession
from kunskapsstyrning.notices.models import Notice
from kunskapsstyrning.organisation.models import Membership, Person, RosterChange
from kunskapsstyrning.organisation.models.periods import today
from tests.accounts.data import someone
from tests.factories import UserFactory, make_support_staff

pytestmark = pytest.mark.django_db

RETENTION = 30


@pytest.fixture
def departed(settings):
    """Ada left her group 40 days ago, with a retention of 30 days; Bo is still a member."""
    settings.PSEUDONYMISATION_RETENTION_DAYS = RETENTION
    ada = someone("ada", start=today() - datetime.timedelta(days=400), end=today() - datetime.timedelta(days=40))
    bo = someone("bo")
    Invitation.objects.create(person=ada.person, email=ada.marks["email"])
    client = Client(HTTP_USER_AGENT="Adas webbläsare")
    client.post(reverse("login"), {"username": "konto-ada", "password": "hemligt-losen"})
    assert UserSession.objects.filter(user=ada.person.user).exists()
    return ada, bo


def rows_containing(value: str) -> dict[str, int]:
    """Every table of the database whose rows, as text, contain `value` (case-insensitive)."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}" t WHERE t::text ILIKE %s', [f"%{value}%"])  # noqa: S608
            if (count := cursor.fetchone()[0]) > 0:
                found[table] = count
    return found


def test_no_contact_data_or_free_text_is_left_in_any_table_or_audit_entry(departed):
    ada, bo = departed
    by = make_support_staff()
    for key in ("email", "phone", "declaration", "motivation", "token", "note", "name", "notice"):
        assert rows_containing(ada.marks[key]), f"testdata saknas: {key}"
    changes_before = RosterChange.objects.filter(membership__person=ada.person).count()

    services.person_pseudonymise(person=ada.person, reason="Ärende 2026-17: lagringstiden har gått ut.", by=by)

    for key in ("email", "phone", "declaration", "motivation", "token", "note", "name", "notice"):
        assert rows_containing(ada.marks[key]) == {}, f"{key} finns kvar"
    # Bo is untouched.
    for key in ("email", "phone", "declaration", "motivation", "name"):
        assert rows_containing(bo.marks[key])
    # History keeps its shape, with the placeholder.
    person = Person.objects.get(pk=ada.person.pk)
    placeholder = services.placeholder_for(person)
    assert person.full_name == placeholder
    assert Membership.objects.filter(person=person).count() == 1
    changes = RosterChange.objects.filter(membership__person=person)
    assert changes.count() == changes_before
    assert all(placeholder in change.summary for change in changes)
    log = Pseudonymisation.objects.get(person=person)
    assert log.by == by and "Ärende 2026-17" in log.reason
    # The account cannot sign in and its sessions are gone.
    user = get_user_model().objects.get(pk=ada.person.user_id) if ada.person.user_id else None
    assert user is not None and not user.is_active and not user.has_usable_password()
    assert not UserSession.objects.filter(user=user).exists()


def test_the_roster_history_page_reads_with_the_placeholder(departed, client):
    ada, _bo = departed
    group = Membership.objects.filter(person=ada.person).get().group
    services.person_pseudonymise(person=ada.person, reason="Lagringstiden har gått ut.", by=make_support_staff())
    client.force_login(make_support_staff(UserFactory(username="stod-las")))
    html = client.get(reverse("organisation:roster_history", args=[group.slug])).content.decode()
    assert services.placeholder_for(ada.person) in html
    assert ada.marks["name"] not in html


def test_refused_while_a_member_or_within_the_retention_period(departed, settings):
    ada, bo = departed
    by = make_support_staff()
    with pytest.raises(ValidationError):
        services.person_pseudonymise(person=bo.person, reason="Skäl", by=by)
    settings.PSEUDONYMISATION_RETENTION_DAYS = 365
    with pytest.raises(ValidationError):
        services.person_pseudonymise(person=ada.person, reason="Skäl", by=by)
    settings.PSEUDONYMISATION_RETENTION_DAYS = RETENTION
    with pytest.raises(ValidationError):
        services.person_pseudonymise(person=ada.person, reason="  ", by=by)
    assert Person.objects.get(pk=ada.person.pk).email == ada.marks["email"]


def test_only_support_staff_reach_the_page_and_must_give_a_reason(departed, client):
    ada, _bo = departed
    url = reverse("accounts:pseudonymise", args=[ada.person.pk])
    client.force_login(UserFactory(username="vanlig"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Skäl"}).status_code == 403
    client.force_login(make_support_staff())
    assert "Skäl" in client.post(url, {"reason": ""}).content.decode()
    assert not Pseudonymisation.objects.exists()
    response = client.post(url, {"reason": "Ärende 12"})
    assert response.status_code == 302
    assert Pseudonymisation.objects.get().reason == "Ärende 12"


def test_other_peoples_notices_keep_their_row_but_not_the_name(departed):
    """Bo's reminder names Ada ("the mandate of Ada … ends"): the row stays, the name goes; a
    name that only begins like hers is someone else's and stays."""
    ada, bo = departed
    old_name = ada.person.full_name
    mine = Notice.objects.get(person=ada.person)

    def notice_to_bo(title: str, milestone: str) -> Notice:
        return Notice.objects.create(
            kind=mine.kind,
            content_type=mine.content_type,
            object_id=mine.object_id,
            milestone=milestone,
            person=bo.person,
            deadline=today(),
            title=title,
            send_after=mine.send_after,
        )

    naming = notice_to_bo(f"Mandatet för {old_name} som ledamot slutar {today():%Y-%m-%d}", "90")
    lookalike = notice_to_bo(f"Mandatet för {old_name}berg slutar", "30")

    services.person_pseudonymise(person=ada.person, reason="Ärende 2026-18.", by=make_support_staff())

    placeholder = services.placeholder_for(ada.person)
    naming.refresh_from_db()
    assert naming.title == f"Mandatet för {placeholder} som ledamot slutar {today():%Y-%m-%d}"
    assert Notice.objects.get(pk=lookalike.pk).title == f"Mandatet för {old_name}berg slutar"
    assert not Notice.objects.filter(person=ada.person).exists()
    assert Notice.objects.filter(person=bo.person).count() == 3  # Bo's own notice and the two above
