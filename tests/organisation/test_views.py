"""Public pages: content, privacy of contact data, and query counts that do not grow with data."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation import services
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from kunskapsstyrning.organisation.views.urls import url_maker
from tests.clock import frozen
from tests.factories import (
    GroupFactory,
    GroupRelationFactory,
    HealthcareRegionFactory,
    HostingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


# The exact number of queries each public page runs for an anonymous visitor, whatever the amount
# of data. A page that legitimately changes its queries changes one number here.
QUERIES = {
    "start": 3,
    "katalog": 2,  # the rows in one query (hosts and leaders as subqueries), the host filter's regions
    "katalog, sökning": 2,
    "sjukvårdsregioner": 3,
    "sjukvårdsregion": 5,
    "gruppsida": 11,  # + the recommendations a NAG owns or an NPO steers (nkk)
    # A member: + session, user, person, support staff?, led and member groups, the composition's
    # declarations and sjukvårdsregioner (its memberships are the roster's), the unread count.
    "gruppsida, ledamot": 20,
}


def assert_queries(client, url, page, django_assert_num_queries) -> None:
    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_start_page_counts_the_real_structure(client, structure):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["npo_count"] == 26
    assert response.context["nsg_count"] == 8
    assert response.context["region_count"] == 21
    assert '<html lang="sv">' in response.content.decode()


def test_directory_lists_npos_nsgs_and_council_with_hosts(client, structure):
    response = client.get(reverse("organisation:directory"))
    rows = response.context["rows"]
    assert len(rows) == 26 + 8 + 1
    akut = next(r for r in rows if r["slug"] == "npo-akut-vard")
    assert akut["host"]["region"] == "Mellansverige"
    cancer = next(r for r in rows if r["slug"] == "npo-cancersjukdomar")
    assert cancer["host"]["organisation"] == "SKR"
    assert cancer["dormant_host"]["region"] == "Norra"


def test_directory_filters_by_kind_host_and_former_name(client, structure):
    nsg = client.get(reverse("organisation:directory"), {"kind": "nsg"}).context["rows"]
    assert {r["kind"] for r in nsg} == {"nsg"} and len(nsg) == 8
    vastra = client.get(reverse("organisation:directory"), {"host": "vastra"}).context["rows"]
    assert {r["name"] for r in vastra} == {
        "Lung- och allergisjukdomar",
        "Mag- och tarmsjukdomar",
        "Rörelseorganens sjukdomar",
    }
    old_name = client.get(reverse("organisation:directory"), {"q": "Läkemedel/medicinteknik"}).context["rows"]
    assert [r["name"] for r in old_name] == ["Läkemedel och medicinteknik"]


def test_directory_shows_an_invalid_filter_as_all_groups(client, structure):
    response = client.get(reverse("organisation:directory"), {"kind": "finns-inte"})
    assert len(response.context["rows"]) == 35
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_contact_data_is_hidden_from_anonymous_visitors(client, demo):
    leader = Group.objects.get(slug="npo-akut-vard").memberships.get(role=Role.PROCESS_LEADER).person
    for url in (reverse("organisation:directory"), reverse("organisation:group", args=["npo-akut-vard"])):
        html = client.get(url).content.decode()
        assert leader.full_name in html
        assert "@demo.invalid" not in html
        assert "mailto:" not in html


@pytest.mark.parametrize(("who", "sees"), [("anonymous", False), ("outsider", False), ("member", True)])
def test_the_process_leaders_e_mail_follows_view_contacts_on_every_surface(client, demo, who, sees):
    """The process leader is the group's contact person, but their e-mail is personal contact data:
    the directory, the group page and the API show it to those with VIEW_CONTACTS on the group."""
    group = Group.objects.get(slug="npo-akut-vard")
    leader = group.memberships.get(role=Role.PROCESS_LEADER).person
    assert leader.email
    if who != "anonymous":
        user = UserFactory()
        if who == "member":
            MembershipFactory(group=group, person=PersonFactory(user=user))
        client.force_login(user)
    directory = client.get(reverse("organisation:directory")).content.decode()
    page = client.get(reverse("organisation:group", args=[group.slug])).content.decode()
    api = client.get(f"/api/v1/grupper/{group.slug}/").content.decode()
    assert leader.full_name in directory and leader.full_name in page
    assert (leader.email in directory, leader.email in page, leader.email in api) == (sees, sees, sees)


def test_group_page_shows_roster_by_role_nags_and_mirrors(client, demo):
    response = client.get(reverse("organisation:group", args=["npo-cancersjukdomar"]))
    roles = [section.role for section in response.context["roster"]]
    assert roles == [Role.CHAIR, Role.PROCESS_LEADER, Role.MEMBER]
    members = next(s for s in response.context["roster"] if s.role == Role.MEMBER).memberships
    assert {m.represents.name for m in members} == set(HealthcareRegion.objects.values_list("name", flat=True)) - {
        response.context["roster"][0].memberships[0].represents.name
    }
    html = response.content.decode()
    assert "Arbetsgrupp för kunskapsstöd – Cancersjukdomar" in html
    assert "RPO Cancersjukdomar Norra" in html
    assert "Vilande värdskap" in html
    assert "Beatrice Melin" in html  # the 2019 snapshot
    assert 'class="badge demo"' in html


def test_group_page_lists_ended_members_nowhere_and_past_hosts_as_history(client, structure):
    group = Group.objects.get(slug="npo-tandvard")
    gone = MembershipFactory(group=group, start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
    services.hosting_transfer(group=group, host=HealthcareRegion.objects.get(slug="norra"), start_date=D(2026, 1, 1))
    html = client.get(reverse("organisation:group", args=["npo-tandvard"])).content.decode()
    assert gone.person.full_name not in html
    assert "Tidigare värdskap" in html


def test_unknown_group_is_404_in_swedish(client, db):
    response = client.get(reverse("organisation:group", args=["finns-inte"]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_healthcare_region_page_lists_regions_hostings_and_rpos(client, structure):
    response = client.get(reverse("organisation:healthcare_region", args=["norra"]))
    html = response.content.decode()
    for region in ("Norrbotten", "Västerbotten", "Jämtland Härjedalen", "Västernorrland"):
        assert region in html
    hosted = {(h.group.name, h.kind) for h in response.context["hostings"]}
    assert ("Endokrina sjukdomar", "vardskap") in hosted
    assert ("Cancersjukdomar", "vilande") in hosted
    assert [g.name for g in response.context["regional_groups"]] == ["RPO Cancersjukdomar Norra"]


def test_healthcare_region_page_leaves_out_closed_groups(client, structure):
    norra = HealthcareRegion.objects.get(slug="norra")
    npo = Group.objects.get(slug="npo-tandvard")
    GroupFactory(
        kind=GroupKind.RPO, healthcare_region=norra, mirror_of=npo, name="RPO Avvecklad", closed_on=D(2022, 1, 1)
    )
    response = client.get(reverse("organisation:healthcare_region", args=["norra"]))
    assert "RPO Avvecklad" not in response.content.decode()


def test_login_and_logout(client, db):
    UserFactory(username="kalle")
    response = client.post(reverse("login"), {"username": "kalle", "password": "hemligt-losen"})
    assert response.status_code == 302
    assert "Logga ut" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert "Logga in" in client.get(reverse("home")).content.decode()


def test_wrong_password_gets_a_swedish_message(client, db):
    UserFactory(username="kalle")
    response = client.post(reverse("login"), {"username": "kalle", "password": "fel"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def _grow(n: int) -> None:
    """Add n NPOs with host, chair, process leader and members, and n RPOs per region."""
    regions = list(HealthcareRegion.objects.all()) or [HealthcareRegionFactory()]
    for _ in range(n):
        group = GroupFactory(kind=GroupKind.NPO)
        HostingFactory(group=group, healthcare_region=regions[0])
        MembershipFactory(group=group, role=Role.CHAIR, represents_healthcare_region=regions[0])
        MembershipFactory(group=group, role=Role.PROCESS_LEADER)
        MembershipFactory.create_batch(3, group=group, represents_healthcare_region=regions[1 % len(regions)])
        GroupFactory(kind=GroupKind.RPO, healthcare_region=regions[0], mirror_of=group)
        GroupRelationFactory(from_group=GroupFactory(kind=GroupKind.NAG), to_group=group)


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("start", reverse("home")),
        ("katalog", reverse("organisation:directory")),
        ("katalog, sökning", reverse("organisation:directory") + "?q=test&kind=npo"),
        ("sjukvårdsregioner", reverse("organisation:healthcare_regions")),
        ("sjukvårdsregion", reverse("organisation:healthcare_region", args=["norra"])),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(client, structure, page, url, django_assert_num_queries):
    _grow(2)
    assert_queries(client, url, page, django_assert_num_queries)
    _grow(20)
    assert_queries(client, url, page, django_assert_num_queries)


def test_group_page_runs_a_constant_number_of_queries(client, structure, django_assert_num_queries):
    group = Group.objects.get(slug="npo-akut-vard")
    url = reverse("organisation:group", args=[group.slug])
    MembershipFactory.create_batch(2, group=group)
    assert_queries(client, url, "gruppsida", django_assert_num_queries)
    MembershipFactory.create_batch(40, group=group)
    for _ in range(10):
        GroupRelationFactory(from_group=GroupFactory(kind=GroupKind.NAG), to_group=group)
    GroupFactory(kind=GroupKind.RPO, healthcare_region=HealthcareRegion.objects.get(slug="sodra"), mirror_of=group)
    PersonFactory.create_batch(5)
    assert_queries(client, url, "gruppsida", django_assert_num_queries)


def test_group_page_of_a_member_runs_a_constant_number_of_queries(client, structure, django_assert_num_queries):
    """With the composition findings, which reuse the roster's memberships of today."""
    group = Group.objects.get(slug="npo-akut-vard")
    user = UserFactory()
    MembershipFactory(group=group, person=PersonFactory(user=user))
    client.force_login(user)
    url = reverse("organisation:group", args=[group.slug])
    client.get(url)  # the session's first request also updates last_login
    assert_queries(client, url, "gruppsida, ledamot", django_assert_num_queries)
    MembershipFactory.create_batch(30, group=group)
    MembershipFactory.create_batch(5, group=group, start_date=D(2027, 1, 1))
    response = client.get(url)
    assert response.context["composition"] is not None
    assert_queries(client, url, "gruppsida, ledamot", django_assert_num_queries)


def test_url_maker_gives_what_reverse_gives():
    end = url_maker("organisation:membership_end", "pk", slug="npo-akut-vard")
    assert end(42) == reverse("organisation:membership_end", kwargs={"slug": "npo-akut-vard", "pk": 42})
    group = url_maker("organisation:group", "slug")
    for slug in ("npo-akut-vard", "a_b-1"):
        assert group(slug) == reverse("organisation:group", args=[slug])


def test_lists_follow_swedish_alphabetical_order(client, structure):
    """… Z Å Ä Ö, whatever locale the database was created with (the test database is C.UTF-8)."""
    for name in ("Ärlagruppen", "Zetagruppen", "Åsagruppen", "Örjangruppen"):
        GroupFactory(kind=GroupKind.NSG, name=name)
    rows = client.get(reverse("organisation:directory"), {"kind": "nsg"}).context["rows"]
    names = [r["name"] for r in rows]
    tail = [n for n in names if n.endswith("gruppen")]
    assert tail == ["Zetagruppen", "Åsagruppen", "Ärlagruppen", "Örjangruppen"]


def test_group_page_as_of_a_date_shows_the_host_of_that_date(client, structure):
    group = Group.objects.get(slug="npo-tandvard")
    services.hosting_transfer(group=group, host=HealthcareRegion.objects.get(slug="norra"), start_date=D(2026, 1, 1))
    url = reverse("organisation:group", args=[group.slug])
    then = client.get(url, {"per": "2025-06-01"}).context["current_hostings"]
    assert [h.healthcare_region.slug for h in then] == ["sodra"]
    now = client.get(url, {"per": "2026-06-01"}).context["current_hostings"]
    assert [h.healthcare_region.slug for h in now] == ["norra"]


def test_the_group_page_shows_the_upcoming_chair_and_host_from_their_first_day(client, structure):
    """Issue 7, item 19: what starts after today is on the public page as "från och med <datum>"."""
    group = Group.objects.get(slug="npo-tandvard")
    chair = MembershipFactory(group=group, role=Role.CHAIR, start_date=D(2027, 1, 1), end_date=D(2029, 12, 31))
    current = MembershipFactory(group=group, role=Role.MEMBER, start_date=D(2025, 1, 1))
    gone = MembershipFactory(group=group, role=Role.MEMBER, start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
    services.hosting_transfer(group=group, host=HealthcareRegion.objects.get(slug="norra"), start_date=D(2027, 1, 1))
    response = client.get(reverse("organisation:group", args=[group.slug]))
    html = response.content.decode()
    upcoming = html[html.index('id="upcoming-heading"') :]
    assert chair.person.full_name in upcoming and "från och med 2027-01-01" in upcoming
    assert current.person.full_name not in upcoming and gone.person.full_name not in html
    # Not in today's roster, and the new host is not "former".
    assert [m.person for s in response.context["roster"] for m in s.memberships] == [current.person]
    assert "Värdskap från och med 2027-01-01" in html
    assert [h.healthcare_region.slug for h in response.context["upcoming_hostings"]] == ["norra"]
    assert [h.healthcare_region.slug for h in response.context["current_hostings"]] == ["sodra"]
    assert "Tidigare värdskap" not in html
    # The API and the roster as of a later date are unchanged: current means current.
    later = client.get(reverse("organisation:group", args=[group.slug]), {"per": "2027-06-01"})
    assert chair.person in [m.person for s in later.context["roster"] for m in s.memberships]
