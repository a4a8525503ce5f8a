"""Editing a roster in the browser (without JavaScript): permissions, refusals, history, as-of date."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation import services
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import (
    Group,
    GroupRelation,
    HealthcareRegion,
    Membership,
    Person,
    RosterChange,
)
from tests.clock import TODAY, frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


@pytest.fixture
def leader(npo):
    user = UserFactory(username="pl")
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user), start_date=D(2024, 1, 1))
    return user


def add_url(group):
    return reverse("organisation:roster_edit", args=[group.slug])


def post_add(client, group, sok="", **overrides):
    data = {
        "roster_version": Group.objects.get(pk=group.pk).roster_version,
        "first_name": "Nina",
        "last_name": "Nyberg",
        "email": "nina.nyberg@test.invalid",
        "gender": "kvinna",
        "role": Role.MEMBER,
        "represents": f"sjukvardsregion:{HealthcareRegion.objects.get(slug='norra').pk}",
        "start_date": "2026-01-01",
        **overrides,
    }
    return client.post(add_url(group) + (f"?{urlencode({'sok': sok})}" if sok else ""), data)


def test_anonymous_visitors_are_sent_to_log_in(client, npo):
    response = client.get(add_url(npo))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_a_member_who_does_not_lead_the_group_is_refused(client, npo):
    user = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=user))
    client.force_login(user)
    assert client.get(add_url(npo)).status_code == 403
    assert post_add(client, npo).status_code == 403
    assert not Person.objects.filter(last_name="Nyberg").exists()


def test_the_process_leader_adds_a_new_person_with_history(client, npo, leader):
    client.force_login(leader)
    response = post_add(client, npo)
    assert response.status_code == 302, response.context["form"].errors
    membership = Membership.objects.get(group=npo, person__last_name="Nyberg")
    assert membership.represents.name == "Norra" and membership.start_date == D(2026, 1, 1)
    assert membership.person.gender == "kvinna"
    change = RosterChange.objects.get(group=npo, membership=membership)
    assert change.actor == leader
    page = client.get(response["Location"]).content.decode()
    assert "Nina Nyberg är tillagd som ledamot." in page


def test_adding_an_existing_person_found_by_search(client, npo, leader):
    existing = PersonFactory(first_name="Sven", last_name="Sökbar")
    client.force_login(leader)
    page = client.get(add_url(npo), {"sok": "Sökbar"}).content.decode()
    assert f'value="{existing.pk}"' in page
    post_add(client, npo, sok="Sökbar", person=existing.pk, first_name="", last_name="", email="")
    assert Membership.objects.filter(group=npo, person=existing).exists()
    assert Person.objects.filter(last_name="Sökbar").count() == 1


def test_the_search_shows_what_tells_people_apart_and_e_mail_only_where_allowed(client, npo, leader):
    tandvard = Group.objects.get(slug="npo-tandvard")
    stranger = PersonFactory(
        first_name="Sara", last_name="Sökbar", title="Överläkare", employer="Region Norr", email="sara@test.invalid"
    )
    MembershipFactory(group=tandvard, person=stranger, start_date=D(2024, 1, 1))
    colleague = MembershipFactory(group=npo, person=PersonFactory(first_name="Sune", last_name="Sökbar")).person
    client.force_login(leader)
    page = client.get(add_url(npo), {"sok": "Sökbar"}).content.decode()
    assert f"Sara Sökbar – Överläkare, Region Norr – {tandvard.short_name or tandvard.name}" in page
    assert "sara@test.invalid" not in page  # not someone the process leader may see
    assert colleague.email in page  # a member of the process leader's group


def test_a_person_outside_the_search_is_refused_without_revealing_them(client, npo, leader):
    outsider = MembershipFactory(
        group=Group.objects.get(slug="npo-tandvard"),
        person=PersonFactory(first_name="Olle", last_name="Utanför", email="olle.hemlig@test.invalid"),
    ).person
    PersonFactory(first_name="Sven", last_name="Sökbar")
    client.force_login(leader)
    for sok in ("", "Sökbar"):
        response = post_add(client, npo, sok=sok, person=outsider.pk, first_name="", last_name="", email="")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Välj en person bland sökträffarna." in html
        assert "olle.hemlig@test.invalid" not in html and "Utanför" not in html
    assert not Membership.objects.filter(group=npo, person=outsider).exists()


def test_a_duplicate_person_is_refused_with_a_swedish_message(client, npo, leader):
    PersonFactory(email="nina.nyberg@test.invalid", first_name="Nina", last_name="Nyberg")
    client.force_login(leader)
    response = post_add(client, npo)
    assert response.status_code == 200
    assert "Det finns redan en person med e-postadressen nina.nyberg@test.invalid" in response.content.decode()
    assert Person.objects.filter(last_name="Nyberg").count() == 1
    assert not Membership.objects.filter(group=npo, person__last_name="Nyberg").exists()


def test_a_second_chair_is_refused_and_nothing_is_written(client, npo, leader):
    MembershipFactory(group=npo, role=Role.CHAIR, start_date=D(2025, 1, 1))
    client.force_login(leader)
    response = post_add(client, npo, role=Role.CHAIR)
    assert response.status_code == 200
    assert "En grupp kan bara ha en ordförande åt gången." in response.content.decode()
    assert not Person.objects.filter(last_name="Nyberg").exists()


def test_a_stale_form_is_refused_naming_the_other_change(client, npo, leader):
    client.force_login(leader)
    seen = Group.objects.get(pk=npo.pk).roster_version
    services.membership_create(
        person=PersonFactory(first_name="Kalle", last_name="Kvickare"), group=npo, start_date=D(2025, 1, 1)
    )
    response = post_add(client, npo, roster_version=seen)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har ändrat ledamotslistan" in html and "Kalle Kvickare" in html
    assert not Person.objects.filter(last_name="Nyberg").exists()
    # The form now carries the current version: a deliberate second save goes through.
    resubmit = post_add(client, npo)
    assert resubmit.status_code == 302


def test_bad_dates_get_swedish_messages(client, npo, leader):
    client.force_login(leader)
    html = post_add(client, npo, start_date="2026-13-40").content.decode()
    assert "Fyll i ett giltigt datum." in html
    html = post_add(client, npo, start_date="2026-05-01", end_date="2026-04-01").content.decode()
    assert "Slutdatum kan inte vara före startdatum." in html
    assert not Person.objects.filter(last_name="Nyberg").exists()


def test_ending_a_membership_keeps_it_in_history(client, npo, leader):
    member = MembershipFactory(group=npo, start_date=D(2024, 1, 1))
    client.force_login(leader)
    url = reverse("organisation:membership_end", args=[npo.slug, member.pk])
    version = Group.objects.get(pk=npo.pk).roster_version
    assert client.post(url, {"end_date": "2023-01-01", "roster_version": version}).status_code == 200
    response = client.post(url, {"end_date": "2025-06-30", "roster_version": version})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_date == D(2025, 6, 30)
    history = client.get(reverse("organisation:roster_history", args=[npo.slug])).content.decode()
    assert f"Avslutade {member.person.full_name} som ledamot per 2025-06-30." in history


def test_replacing_the_chair(client, npo, leader):
    chair = MembershipFactory(group=npo, role=Role.CHAIR, start_date=D(2023, 1, 1))
    successor = PersonFactory(first_name="Ny", last_name="Ordförandesson")
    client.force_login(leader)
    url = reverse("organisation:membership_replace", args=[npo.slug, chair.pk])
    version = Group.objects.get(pk=npo.pk).roster_version
    response = client.post(
        f"{url}?sok=Ordförandesson",
        {"person": successor.pk, "start_date": "2026-01-01", "roster_version": version},
    )
    assert response.status_code == 302
    assert Membership.objects.current(D(2026, 1, 1)).get(group=npo, role=Role.CHAIR).person == successor


def test_a_membership_of_another_group_cannot_be_reached_through_this_one(client, npo, leader):
    elsewhere = MembershipFactory(group=Group.objects.get(slug="npo-tandvard"))
    client.force_login(leader)
    assert client.get(reverse("organisation:membership_end", args=[npo.slug, elsewhere.pk])).status_code == 404


def test_nag_leaders_are_the_npos_leaders(client, npo, leader):
    nag = GroupRelation.objects.knowledge_support_group(npo)
    assert nag.slug == "nag-kunskapsstod-akut-vard"
    client.force_login(leader)
    assert client.get(add_url(nag)).status_code == 200
    assert client.get(add_url(Group.objects.get(slug="npo-tandvard"))).status_code == 403


def test_roster_as_of_a_date(client, npo):
    gone = MembershipFactory(group=npo, start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
    now = MembershipFactory(group=npo, start_date=D(2023, 1, 1))
    url = reverse("organisation:group", args=[npo.slug])
    past = client.get(url, {"per": "2021-06-01"}).content.decode()
    assert gone.person.full_name in past and now.person.full_name not in past
    assert "Ledamöter per 2021-06-01" in past
    current = client.get(url).content.decode()
    assert gone.person.full_name not in current and now.person.full_name in current


def test_history_hides_the_editor_from_anonymous_visitors(client, npo, leader):
    services.membership_create(person=PersonFactory(), group=npo, start_date=TODAY, by=leader)
    url = reverse("organisation:roster_history", args=[npo.slug])
    assert "Ändrad av" not in client.get(url).content.decode()
    client.force_login(leader)
    assert "Ändrad av" in client.get(url).content.decode()


def test_contacts_on_the_group_page_only_for_members(client, npo):
    member = MembershipFactory(group=npo, person=PersonFactory(email="synlig@test.invalid"))
    outsider = UserFactory()
    url = reverse("organisation:group", args=[npo.slug])
    assert "synlig@test.invalid" not in client.get(url).content.decode()
    client.force_login(outsider)
    assert "synlig@test.invalid" not in client.get(url).content.decode()
    insider = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=insider))
    client.force_login(insider)
    assert member.person.email in client.get(url).content.decode()


def _grow_roster(group, n):
    MembershipFactory.create_batch(n, group=group)
    for _ in range(n // 5):
        services.membership_create(person=PersonFactory(), group=group, start_date=D(2025, 1, 1))


# The exact number of queries each page runs for the process leader, whatever the roster's size.
QUERIES = {
    # + which declarations the user may open (visible_to); + the composition findings with their
    # fixes (the sjukvårdsregioner, who has a current declaration), on the rows already loaded;
    # + the header's unread-notice count.
    "organisation:roster_edit": 16,
    "organisation:roster_history": 10,
}


@pytest.mark.parametrize("name", QUERIES)
def test_roster_pages_run_a_constant_number_of_queries(client, npo, leader, name, django_assert_num_queries):
    client.force_login(leader)
    url = reverse(name, args=[npo.slug])
    _grow_roster(npo, 5)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200
    _grow_roster(npo, 40)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200


def test_the_person_search_runs_a_constant_number_of_queries(client, npo, leader, django_assert_num_queries):
    client.force_login(leader)
    url = add_url(npo)
    client.get(url, {"sok": "Sökbar"})  # warm the per-process caches
    for n in (1, 15):
        for _ in range(n):
            MembershipFactory(group=npo, person=PersonFactory(last_name="Sökbar"))
        with django_assert_num_queries(
            QUERIES["organisation:roster_edit"] + 4
        ):  # search, own groups, VIEW_PERSON, groups
            assert client.get(url, {"sok": "Sökbar"}).status_code == 200


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        # The night summer time starts: 01:30 UTC is 03:30 in Stockholm (CEST), 00:30 UTC is 01:30 (CET).
        (datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC), "2026-03-29 03:30"),
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC), "2026-03-29 01:30"),
        # The night it ends: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET – the hour repeats.
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC), "2026-10-25 02:30"),
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC), "2026-10-25 02:30"),
        # New Year's Eve in UTC is already New Year's Day in Stockholm.
        (datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC), "2026-01-01 00:30"),
    ],
)
def test_history_shows_stockholm_time_across_daylight_saving(client, npo, utc, local):
    services.membership_create(person=PersonFactory(), group=npo, start_date=D(2025, 1, 1))
    RosterChange.objects.filter(group=npo).update(at=utc)
    html = client.get(reverse("organisation:roster_history", args=[npo.slug])).content.decode()
    assert f">{local}</time>" in html


# Issue 7, item 19: the roster editor helps its user find their way.


def _breadcrumbs(html: str) -> str:
    start = html.index('<nav aria-label="Brödsmulor" class="breadcrumbs">')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize(
    ("name", "here"),
    [
        ("organisation:roster_edit", "Redigera ledamotslistan"),
        ("organisation:roster_history", "Historik"),
        ("organisation:roster_import", "Importera ledamöter"),
    ],
)
def test_roster_pages_have_breadcrumbs_like_the_group_page(client, npo, leader, name, here):
    client.force_login(leader)
    crumbs = _breadcrumbs(client.get(reverse(name, args=[npo.slug])).content.decode())
    assert f'<a href="{reverse("organisation:directory")}">' in crumbs
    assert f'<a href="{npo.get_absolute_url()}">{npo.name}</a>' in crumbs
    assert f'<li aria-current="page">{here}</li>' in crumbs
    assert crumbs.count("aria-current") == 1


def test_the_end_and_replace_pages_lead_back_through_the_roster_editor(client, npo, leader):
    membership = MembershipFactory(group=npo)
    client.force_login(leader)
    for name, here in (
        ("organisation:membership_end", "Avsluta uppdrag"),
        ("organisation:membership_replace", "Ersätt ledamot"),
    ):
        crumbs = _breadcrumbs(client.get(reverse(name, args=[npo.slug, membership.pk])).content.decode())
        assert f'<a href="{add_url(npo)}">Redigera ledamotslistan</a>' in crumbs
        assert crumbs.endswith(f'<li aria-current="page">{here}</li></ol>\n')


def test_the_top_of_the_roster_editor_links_to_the_add_form(client, npo, leader):
    client.force_login(leader)
    html = client.get(add_url(npo)).content.decode()
    link = html.index('<a href="#lagg-till">Lägg till ledamot</a>')
    target = html.index('<section id="lagg-till" tabindex="-1" aria-labelledby="add-heading">')
    assert link < html.index('id="current-heading"') < target
    assert html.count('id="lagg-till"') == 1


def _history_row(html: str, summary_start: str) -> str:
    start = html.index(summary_start)
    return html[start : html.index("</tr>", start)]


def test_the_history_shows_each_change_before_and_after_field_by_field(client, npo, leader):
    norra, sodra = HealthcareRegion.objects.get(slug="norra"), HealthcareRegion.objects.get(slug="sodra")
    person = PersonFactory(first_name="Greta", last_name="Granskad")
    membership = services.membership_create(
        person=person, group=npo, start_date=D(2025, 1, 1), represents=norra, by=leader
    )
    services.membership_update(membership=membership, role=Role.EXPERT, represents_healthcare_region=sodra, by=leader)
    services.membership_end(membership=membership, end_date=D(2026, 6, 30), by=leader)
    html = client.get(reverse("organisation:roster_history", args=[npo.slug])).content.decode()
    assert "Före och efter" in html

    added = _history_row(html, "Lade till Greta Granskad")
    assert "Greta Granskad, nytt uppdrag" in added
    assert "Roll: <ins>Ledamot</ins>" in added and "Företräder: <ins>Norra</ins>" in added
    assert "Mandat från: <ins>2025-01-01</ins>" in added

    changed = _history_row(html, "Ändrade uppgifterna för Greta Granskad")
    before, after = '<span class="visually-hidden">före: </span>', '<span class="visually-hidden">efter: </span>'
    assert f"Roll: <del>{before}Ledamot</del>" in changed and f"<ins>{after}Expert</ins>" in changed
    assert f"Företräder: <del>{before}Norra</del>" in changed and f"<ins>{after}Södra</ins>" in changed
    assert "Mandat från" not in changed  # unchanged fields are left out

    ended = _history_row(html, "Avslutade Greta Granskad")
    assert f"Mandat till: <del>{before}–</del>" in ended and f"<ins>{after}2026-06-30</ins>" in ended
    assert "Roll:" not in ended


def test_the_history_of_a_succession_shows_the_old_member_ending_and_the_new_one_starting(client, npo, leader):
    chair = MembershipFactory(
        group=npo,
        role=Role.CHAIR,
        start_date=D(2023, 1, 1),
        person=PersonFactory(first_name="Olle", last_name="Gammal"),
    )
    services.membership_replace(
        membership=chair,
        successor=PersonFactory(first_name="Nora", last_name="Ny"),
        start_date=D(2026, 4, 1),
        by=leader,
    )
    html = client.get(reverse("organisation:roster_history", args=[npo.slug])).content.decode()
    row = _history_row(html, "Ersatte Olle Gammal")
    assert (
        '<p class="diff-who">Olle Gammal</p>' in row
        and '<ins><span class="visually-hidden">efter: </span>2026-03-31</ins>' in row
    )
    assert "Nora Ny, nytt uppdrag" in row and "Roll: <ins>Ordförande</ins>" in row


def test_the_history_of_an_import_and_its_undo_lists_every_membership(client, npo, leader):
    from kunskapsstyrning.organisation.selectors import roster_change_diff

    change = RosterChange(
        group=npo,
        version=1,
        action=RosterChange.Action.IMPORTED,
        before={"ended": [{"id": 7, "person": "Ebba E", "role": "ledamot", "end_date": None}]},
        after={
            "created": [{"id": 8, "person": "Fia F", "role": "expert", "start_date": "2026-01-01"}],
            "ended": [{"id": 7, "person": "Ebba E", "role": "ledamot", "end_date": "2026-02-28"}],
            "created_people": [],
        },
    )
    diffs = roster_change_diff(change)
    assert [(d.person, d.kind) for d in diffs] == [("Fia F", "added"), ("Ebba E", "changed")]
    assert [(f.label, f.before, f.after) for f in diffs[1].fields] == [("Mandat till", "", "2026-02-28")]
    undo = RosterChange(
        group=npo, version=2, action="changed", before=change.after, after={"undid": 1, **change.before}
    )
    diffs = roster_change_diff(undo)
    assert [(d.person, d.kind) for d in diffs] == [("Fia F", "removed"), ("Ebba E", "changed")]
    assert [(f.before, f.after) for f in diffs[1].fields] == [("2026-02-28", "")]
    assert roster_change_diff(RosterChange(group=npo, version=3, action="imported", summary="Inläsning")) == []
