"""The roster's person search: every word, diacritics, e-mail parts only where allowed, ranking,
a capped list, and a search that keeps what was already typed."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.forms import SEARCH_LIMIT, search_people
from kunskapsstyrning.organisation.models import Group
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff

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


def names(people):
    return [p.full_name for p in people]


def test_every_word_must_match_first_and_last_name_together(npo, leader):
    PersonFactory(first_name="Anna", last_name="Demosson")
    PersonFactory(first_name="Anna", last_name="Andersson")
    PersonFactory(first_name="Bo", last_name="Demosson")
    assert names(search_people("anna demo", leader)) == ["Anna Demosson"]


def test_case_and_diacritics_do_not_matter(npo, leader):
    PersonFactory(first_name="Åsa", last_name="Testström")
    PersonFactory(first_name="Anna-Karin", last_name="Öberg")
    assert names(search_people("teststrom", leader)) == ["Åsa Testström"]
    assert names(search_people("ASA", leader)) == ["Åsa Testström"]
    assert names(search_people("karin oberg", leader)) == ["Anna-Karin Öberg"]


def test_exact_names_first_then_prefixes_then_the_rest(npo, leader):
    PersonFactory(first_name="Bengt", last_name="Ylvasdotter")  # a name part starts with "ylva"
    PersonFactory(first_name="Ylva", last_name="Berg")
    PersonFactory(first_name="Ylva", last_name="Bergström")  # the full name starts with "ylva berg"
    PersonFactory(first_name="Ylva", last_name="Aberg")
    assert names(search_people("ylva bergström", leader)) == ["Ylva Bergström"]
    assert names(search_people("ylva berg", leader)) == ["Ylva Berg", "Ylva Bergström"]
    assert names(search_people("Bergström Ylva", leader)) == ["Ylva Bergström"]
    assert names(search_people("ylva", leader)) == ["Ylva Aberg", "Ylva Berg", "Ylva Bergström", "Bengt Ylvasdotter"]
    assert names(search_people("berg", leader))[:2] == ["Ylva Berg", "Ylva Bergström"]


def test_part_of_an_address_finds_only_people_the_user_may_see(npo, leader):
    colleague = MembershipFactory(group=npo, person=PersonFactory(last_name="Kollega", email="kol.lega@x.invalid"))
    stranger = PersonFactory(last_name="Främling", email="fram.ling@x.invalid")
    assert names(search_people("lega@x", leader)) == [colleague.person.full_name]
    assert search_people("ling@x", leader) == []
    # An exact address finds anyone: it tells only what was typed.
    assert names(search_people("FRAM.LING@x.invalid", leader)) == [stranger.full_name]
    assert names(search_people("ling@x", make_support_staff())) == [stranger.full_name]


def test_a_capped_search_says_so_and_how_to_narrow_it(client, npo, leader):
    for i in range(SEARCH_LIMIT + 1):
        PersonFactory(first_name=f"Namn{i}", last_name="Mångfald")
    client.force_login(leader)
    page = client.get(reverse("organisation:roster_edit", args=[npo.slug]), {"sok": "mångfald"}).content.decode()
    assert f"Visar de {SEARCH_LIMIT} första av fler träffar – skriv fler bokstäver" in page
    assert page.count('name="person"') == SEARCH_LIMIT
    page = client.get(reverse("organisation:roster_edit", args=[npo.slug]), {"sok": "namn1 mångfald"}).content.decode()
    assert "första av fler träffar" not in page


def test_the_search_keeps_what_was_typed_and_moves_focus_to_the_results(client, npo, leader):
    sven = PersonFactory(first_name="Sven", last_name="Sökbar")
    client.force_login(leader)
    url = reverse("organisation:roster_edit", args=[npo.slug])
    page = client.get(url).content.decode()
    assert 'name="search"' in page and "formnovalidate" in page  # the Sök button is part of the add form
    response = client.post(
        url,
        {"search": "1", "sok": "sokbar", "role": Role.CHAIR, "start_date": "2026-03-01", "first_name": "Nina"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{sven.pk}"' in page
    assert 'value="2026-03-01"' in page and 'value="Nina"' in page
    assert f'<option value="{Role.CHAIR}" selected>' in page
    assert "autofocus" in page and "gav 1 träff" in page
    assert "?sok=sokbar" in page  # the add form validates against this search
    assert not npo.memberships.filter(person=sven).exists()  # the search saved nothing
    response = client.post(
        url + "?sok=sokbar",
        {
            "roster_version": Group.objects.get(pk=npo.pk).roster_version,
            "sok": "sokbar",
            "person": sven.pk,
            "role": Role.MEMBER,
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    assert npo.memberships.filter(person=sven).exists()
