"""The read-only API: same filters, same rules about contact data, constant query counts."""

import pytest

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from tests.clock import frozen
from tests.factories import (
    GroupFactory,
    GroupRelationFactory,
    HostingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, frozen]


def test_group_list_filters_like_the_directory(client, structure):
    data = client.get("/api/v1/grupper/", {"kind": "nsg"}).json()
    assert data["count"] == 8
    assert {g["kind"] for g in data["results"]} == {"nsg"}
    cancer = client.get("/api/v1/grupper/", {"q": "Cancersjukdomar", "kind": "npo"}).json()["results"][0]
    assert [(h["kind"], h["host"]["slug"]) for h in cancer["hostings"]] == [("vardskap", "skr"), ("vilande", "norra")]
    assert client.get("/api/v1/grupper/", {"q": "Äldres hälsa", "kind": "npo"}).json()["count"] == 1


def test_invalid_filter_is_a_400_with_a_swedish_message(client, structure):
    response = client.get("/api/v1/grupper/", {"kind": "okand"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.json()["kind"][0]


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
    assert client.get("/api/v1/mina-uppdrag/").status_code == 403
    user = UserFactory()
    MembershipFactory(group=Group.objects.get(slug="npo-tandvard"), person=PersonFactory(user=user))
    client.force_login(user)
    data = client.get("/api/v1/mina-uppdrag/").json()
    assert [a["group"] for a in data["results"]] == ["npo-tandvard"]


# The exact number of queries per API page, whatever the amount of data.
QUERIES = {
    "/api/v1/grupper/?limit=500": 6,
    "/api/v1/grupper/npo-akut-vard/": 16,
    "/api/v1/mina-uppdrag/": 6,
}


def assert_queries(client, url, django_assert_num_queries) -> None:
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200


def test_api_lists_run_a_constant_number_of_queries(client, structure, django_assert_num_queries):
    hr = HealthcareRegion.objects.first()
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    MembershipFactory(group=Group.objects.get(slug="npo-tandvard"), person=person)
    for url in QUERIES:
        assert_queries(client, url, django_assert_num_queries)
    npo = Group.objects.get(slug="npo-akut-vard")
    for _ in range(20):
        group = GroupFactory(kind=GroupKind.NAG)
        GroupRelationFactory(from_group=group, to_group=npo)
        HostingFactory(group=GroupFactory(), healthcare_region=hr)
        MembershipFactory(group=npo, represents_healthcare_region=hr)
        MembershipFactory(group=group, person=person, role=Role.EXPERT)
    for url in QUERIES:
        assert_queries(client, url, django_assert_num_queries)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"limit": "99999999999999999999"}, 200),
        ({"limit": "100000"}, 200),
        ({"limit": "-1"}, 400),
        ({"limit": "abc"}, 400),
        ({"limit": "1e3"}, 400),
        ({"limit": "٣"}, 400),  # a non-ASCII digit
        ({"offset": "99999999999999999999"}, 400),
        ({"offset": "-5"}, 400),
        ({"offset": "x"}, 400),
        ({"limit": "0"}, 200),
        ({"limit": "2", "offset": "3"}, 200),
    ],
)
def test_limit_and_offset_are_bounded_and_parsed_strictly(client, structure, query, status):
    response = client.get("/api/v1/grupper/", query)
    assert response.status_code == status
    if status == 400:
        assert "heltal" in str(response.json()) or "offset" in str(response.json())
    else:
        assert len(response.json()["results"]) <= 500


def test_a_huge_limit_is_clamped_to_the_maximum(client, structure):
    from kunskapsstyrning.organisation.api.pagination import MAX_LIMIT

    data = client.get("/api/v1/grupper/", {"limit": "99999999999999999999"}).json()
    assert len(data["results"]) == min(data["count"], MAX_LIMIT)
    assert client.get("/api/v1/mina-uppdrag/", {"limit": "99999999999999999999"}).status_code in (200, 403)
