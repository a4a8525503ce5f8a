"""Calls for seats and nominations: the path from call to membership, and its refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kunskapsstyrning.nominations import services
from kunskapsstyrning.nominations.models import Nomination
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership, RosterChange
from tests.clock import TODAY, frozen
from tests.concurrency import overlapping
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def nag(structure):
    return Group.objects.get(slug="nag-vardforlopp-stroke")


@pytest.fixture
def leader(nag):
    user = UserFactory()
    npo = Group.objects.get(slug="npo-nervsystemets-sjukdomar")
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user))
    return user


@pytest.fixture
def call(nag, leader):
    return services.call_create(
        group=nag,
        by=leader,
        title="Patientföreträdare till NAG Stroke (demo)",
        role=Role.PATIENT_REPRESENTATIVE,
        task="Delta i arbetet med vårdförloppet (demotext).",
        competences="Erfarenhet som patient eller närstående (demotext).",
        seats=1,
        closes_on=TODAY + datetime.timedelta(days=30),
        mandate_start=TODAY + datetime.timedelta(days=60),
        mandate_end=TODAY + datetime.timedelta(days=60 + 3 * 365),
        deciding_body="gruppen",
    )


def test_self_nomination_needs_the_managers_approval(call):
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(call=call, person=PersonFactory(), nominated_by="sjalv", motivation="Demo")
    assert "En egen intresseanmälan kräver chefens godkännande." in exc.value.messages


def test_nominating_after_the_closing_date_is_refused(call):
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(
            call=call,
            person=PersonFactory(),
            nominated_by="sjukvardsregion",
            nominating_healthcare_region=HealthcareRegion.objects.first(),
            motivation="Demo",
            on=call.closes_on + datetime.timedelta(days=1),
        )
    assert "Utlysningen stängde" in exc.value.messages[0]


def test_acceptance_requires_a_conflict_check_and_creates_the_membership(call, leader):
    nominee = PersonFactory()
    sodra = HealthcareRegion.objects.get(slug="sodra")
    nomination = services.nomination_submit(
        call=call, person=nominee, nominated_by="sjukvardsregion", nominating_healthcare_region=sodra, motivation="Demo"
    )
    with pytest.raises(ValidationError, match="Jäv måste vara kontrollerat"):
        services.nomination_decide(nomination=nomination, accept=True, by=leader)
    assert not Membership.objects.filter(person=nominee).exists()
    services.nomination_check_conflicts(nomination=nomination, note="Deklaration granskad (demo)", by=leader)
    checked = Nomination.objects.get(pk=nomination.pk)
    assert (checked.conflicts_checked_by, checked.conflicts_checked_at is not None) == (leader, True)
    decided = services.nomination_decide(nomination=nomination, accept=True, by=leader)
    membership = decided.membership
    assert decided.status == "antagen"
    assert (membership.group, membership.role, membership.start_date) == (
        call.group,
        Role.PATIENT_REPRESENTATIVE,
        call.mandate_start,
    )
    assert membership.represents == sodra
    assert RosterChange.objects.filter(membership=membership, actor=leader).exists()
    with pytest.raises(ValidationError, match="kan inte ändras"):
        services.nomination_decide(nomination=decided, accept=False, by=leader)


def test_no_more_acceptances_than_seats(call, leader):
    nominations = []
    for _ in range(2):
        n = services.nomination_submit(
            call=call,
            person=PersonFactory(),
            nominated_by="sjalv",
            manager_approval=True,
            manager_name="Chef (demo)",
            motivation="Demo",
        )
        services.nomination_check_conflicts(nomination=n)
        nominations.append(n)
    services.nomination_decide(nomination=nominations[0], accept=True)
    with pytest.raises(ValidationError, match=r"Utlysningens platser är redan tillsatta \(1 av 1\)."):
        services.nomination_decide(nomination=nominations[1], accept=True)
    assert Nomination.objects.get(pk=nominations[1].pk).status == "inlamnad"


def test_the_same_person_cannot_be_nominated_twice_to_one_call(call):
    person = PersonFactory()
    fields = {"nominated_by": "sjalv", "manager_approval": True, "manager_name": "Chef", "motivation": "Demo"}
    services.nomination_submit(call=call, person=person, **fields)
    with pytest.raises(ValidationError, match="redan nominerad"):
        services.nomination_submit(call=call, person=person, **fields)


def test_the_journey_in_pages(client, call, leader, nag):
    member_user = UserFactory()
    nominee = PersonFactory(user=member_user, first_name="Nora", last_name="Nominerad")
    html = client.get(nag.get_absolute_url()).content.decode()
    assert call.title in html  # open calls are public
    client.force_login(member_user)
    url = reverse("nominations:call", args=[call.pk])
    response = client.post(url, {"nominee": "self", "nominated_by": "sjalv", "motivation": "Demo"})
    assert "En egen intresseanmälan kräver chefens godkännande." in response.content.decode()
    response = client.post(
        url,
        {
            "nominee": "self",
            "nominated_by": "sjalv",
            "motivation": "Demo",
            "manager_approval": "on",
            "manager_name": "Chef Chefsson (demo)",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(person=nominee)
    assert "Nora Nominerad" not in client.get(url).content.decode()  # nominations are for the deciders
    decide = reverse("nominations:decide", args=[nomination.pk])
    assert client.post(decide, {"action": "check"}).status_code == 403
    client.force_login(leader)
    assert "Nora Nominerad" in client.get(url).content.decode()
    client.post(decide, {"action": "check", "note": "Granskad"})
    client.post(decide, {"action": "accept"})
    assert Membership.objects.filter(group=nag, person=nominee, role=Role.PATIENT_REPRESENTATIVE).exists()


def test_only_roster_editors_publish_calls(client, nag, leader):
    url = reverse("nominations:call_create", args=[nag.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(leader)
    response = client.post(
        url,
        {
            "title": "Ledamot (demo)",
            "role": "ledamot",
            "seats": 2,
            "task": "Demo",
            "competences": "Demo",
            "closes_on": "2099-01-31",
            "mandate_start": "2099-03-01",
            "mandate_end": "2099-01-01",
            "deciding_body": "gruppen",
        },
    )
    assert "Mandatet kan inte sluta före det börjar." in response.content.decode()
    assert not nag.calls.exists()


@pytest.mark.django_db(transaction=True)
def test_two_deciders_cannot_both_take_the_last_seat():
    from kunskapsstyrning.organisation.loaders import load_structure

    load_structure()
    nag = Group.objects.get(slug="nag-vardforlopp-stroke")
    one_seat = services.call_create(
        group=nag,
        title="En plats (demo)",
        task="Demo",
        competences="Demo",
        seats=1,
        closes_on=TODAY + datetime.timedelta(days=10),
        mandate_start=TODAY + datetime.timedelta(days=20),
        deciding_body="gruppen",
    )
    nominations = []
    for _ in range(2):
        n = services.nomination_submit(
            call=one_seat,
            person=PersonFactory(),
            nominated_by="sjalv",
            manager_approval=True,
            manager_name="Chef (demo)",
            motivation="Demo",
        )
        nominations.append(services.nomination_check_conflicts(nomination=n))
    first, second = (lambda n=n: services.nomination_decide(nomination=n, accept=True) for n in nominations)
    outcomes = overlapping(first, second, refused=(ValidationError,))
    assert outcomes == ["ok", "refused"]  # one accepted, one refused
    assert Membership.objects.filter(group=nag).count() == 1


# The exact number of queries of the call pages for the deciding process leader, whatever the
# number of nominations.
QUERIES = {
    "utlysning": 10,
    "ny utlysning": 9,
}


def test_call_pages_run_a_constant_number_of_queries(client, call, leader, nag, django_assert_num_queries):
    def nominate(n):
        for _ in range(n):
            services.nomination_submit(
                call=call,
                person=PersonFactory(),
                nominated_by="sjalv",
                manager_approval=True,
                manager_name="Chef (demo)",
                motivation="Demo",
            )

    client.force_login(leader)
    url = reverse("nominations:call", args=[call.pk])
    nominate(2)
    with django_assert_num_queries(QUERIES["utlysning"]):
        assert client.get(url).status_code == 200
    nominate(15)
    with django_assert_num_queries(QUERIES["utlysning"]):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUERIES["ny utlysning"]):
        assert client.get(reverse("nominations:call_create", args=[nag.slug])).status_code == 200
