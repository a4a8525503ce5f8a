"""Declarations of interest: filed by the member, read only by them, their leaders and support staff."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.declarations import services
from kunskapsstyrning.declarations.models import InterestDeclaration
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def people(structure):
    npo = Group.objects.get(slug="npo-akut-vard")
    member_user, leader_user, other_leader_user = UserFactory(), UserFactory(), UserFactory()
    member = PersonFactory(user=member_user)
    MembershipFactory(group=npo, person=member)
    MembershipFactory(group=npo, person=PersonFactory(user=leader_user), role=Role.PROCESS_LEADER)
    MembershipFactory(
        group=Group.objects.get(slug="npo-tandvard"),
        person=PersonFactory(user=other_leader_user),
        role=Role.PROCESS_LEADER,
    )
    return {"member": member_user, "leader": leader_user, "other": other_leader_user, "person": member}


def test_a_member_files_a_declaration(client, people):
    client.force_login(people["member"])
    url = reverse("declarations:mine")
    response = client.post(url, {"has_interests": "ja", "text": "", "confirm": "on"})
    assert "Beskriv intressena du redovisar." in response.content.decode()
    assert not InterestDeclaration.objects.exists()
    client.post(url, {"has_interests": "ja", "text": "Styrelseledamot i Exempelbolaget AB (demo).", "confirm": "on"})
    declaration = InterestDeclaration.objects.get(person=people["person"])
    assert declaration.form == "standard" and declaration.has_interests
    assert "gäller till och med" in client.get(url).content.decode()


def test_patient_representatives_get_their_own_form(client, people):
    MembershipFactory(
        group=Group.objects.get(slug="npo-tandvard"), person=people["person"], role=Role.PATIENT_REPRESENTATIVE
    )
    client.force_login(people["member"])
    assert "Jävsdeklaration för patientföreträdare" in client.get(reverse("declarations:mine")).content.decode()
    client.post(reverse("declarations:mine"), {"has_interests": "nej", "confirm": "on"})
    assert InterestDeclaration.objects.get(person=people["person"]).form == "patientforetradare"


@pytest.mark.parametrize(
    ("reader", "allowed"),
    [("member", True), ("leader", True), ("other", False), ("outsider", False)],
)
def test_who_may_read_the_declaration_text(client, people, reader, allowed):
    declaration = services.declaration_file(
        person=people["person"], form="standard", has_interests=True, text="Hemlig bisyssla (demo)"
    )
    client.force_login(people.get(reader) or UserFactory())
    response = client.get(reverse("declarations:detail", args=[declaration.pk]))
    assert response.status_code == (200 if allowed else 403)
    assert ("Hemlig bisyssla (demo)" in response.content.decode()) is allowed


def test_the_process_leader_sees_who_has_a_current_declaration(client, people):
    services.declaration_file(person=people["person"], form="standard", has_interests=False, text="")
    client.force_login(people["leader"])
    html = client.get(reverse("organisation:roster_edit", args=["npo-akut-vard"])).content.decode()
    assert "Aktuell (" in html and "Saknas" in html  # the member has one; the leader has none


# The exact number of queries of each declarations page, for the member and for the process leader.
QUERIES = {  # each +1: the unread-notice count in the header
    "min jävsdeklaration": 8,
    "jävsdeklaration": 9,
}


def test_declaration_pages_run_a_pinned_number_of_queries(client, people, django_assert_num_queries):
    declaration = services.declaration_file(person=people["person"], form="standard", has_interests=False, text="")
    client.force_login(people["member"])
    with django_assert_num_queries(QUERIES["min jävsdeklaration"]):
        assert client.get(reverse("declarations:mine")).status_code == 200
    client.force_login(people["leader"])
    with django_assert_num_queries(QUERIES["jävsdeklaration"]):
        assert client.get(reverse("declarations:detail", args=[declaration.pk])).status_code == 200
