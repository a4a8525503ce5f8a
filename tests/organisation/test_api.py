"""The structure API as the directory's twin: same filters, same rules about contact data.

Migrated with the API's v1 base (tests/api/ has the rest): lists are cursor-paged (no count, no
?limit=/?offset=), errors are {code, message, fields}, a request without credentials to an
endpoint that needs them is a 401 with WWW-Authenticate: Bearer.
"""

import pytest

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]


def test_group_list_filters_like_the_directory(client, structure):
    data = client.get("/api/v1/grupper/", {"kind": "nsg"}).json()
    assert len(data["results"]) == 8 and data["next"] is None
    assert {g["kind"] for g in data["results"]} == {"nsg"}
    cancer = client.get("/api/v1/grupper/", {"q": "Cancersjukdomar", "kind": "npo"}).json()["results"][0]
    assert [(h["kind"], h["host"]["slug"]) for h in cancer["hostings"]] == [("vardskap", "skr"), ("vilande", "norra")]
    assert len(client.get("/api/v1/grupper/", {"q": "Äldres hälsa", "kind": "npo"}).json()["results"]) == 1


def test_invalid_filter_is_a_400_with_a_swedish_message(client, structure):
    response = client.get("/api/v1/grupper/", {"kind": "okand"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "Välj ett giltigt alternativ" in response.json()["fields"]["kind"][0]


def test_group_detail_hides_contacts_from_anonymous_and_outsiders(client, structure):
    npo = Group.objects.get(slug="npo-akut-vard")
    MembershipFactory(group=npo, role=Role.CHAIR, person=PersonFactory(email="ordf@test.invalid"))
    anonymous = client.get("/api/v1/grupper/npo-akut-vard/").json()
    assert anonymous["members"][0]["role"] == "ordforande"
    assert "email" not in anonymous["members"][0] and "ordf@test.invalid" not in str(anonymous)
    client.force_login(UserFactory())
    assert "ordf@test.invalid" not in client.get("/api/v1/grupper/npo-akut-vard/").content.decode()
    member = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=member))
    client.force_login(member)
    members = client.get("/api/v1/grupper/npo-akut-vard/").json()["members"]
    assert "ordf@test.invalid" in {m.get("email") for m in members}


def test_my_assignments_needs_a_log_in(client, structure):
    response = client.get("/api/v1/mina-uppdrag/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    user = UserFactory()
    MembershipFactory(group=Group.objects.get(slug="npo-tandvard"), person=PersonFactory(user=user))
    client.force_login(user)
    data = client.get("/api/v1/mina-uppdrag/").json()
    assert [a["group"] for a in data["results"]] == ["npo-tandvard"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"page_size": "99999999999999999999"}, 400),
        ({"page_size": "501"}, 400),
        ({"page_size": "-1"}, 400),
        ({"page_size": "abc"}, 400),
        ({"page_size": "1e3"}, 400),
        ({"page_size": "٣"}, 400),  # a non-ASCII digit
        ({"page_size": "0"}, 400),
        ({"page_size": "500"}, 200),
        ({"cursor": "inte-en-cursor"}, 404),
        ({"page_size": "2"}, 200),
    ],
)
def test_page_size_and_cursor_are_parsed_strictly(client, structure, query, status):
    response = client.get("/api/v1/grupper/", query)
    assert response.status_code == status
    if status == 400:
        assert list(response.json()["fields"]) == ["page_size"]
    elif status == 200:
        assert len(response.json()["results"]) <= 500


def test_cursor_pages_cover_the_list_once(client, structure):
    page = client.get("/api/v1/grupper/", {"page_size": 7, "kind": "npo"}).json()
    slugs = [g["slug"] for g in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        slugs += [g["slug"] for g in page["results"]]
    assert len(slugs) == len(set(slugs)) == Group.objects.filter(kind="npo").count()
