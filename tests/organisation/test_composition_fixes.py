"""Issue 7, item 19: composition findings on the roster editor name the people they are about and
offer the action that fixes them; "Påminn" records a reminder request (services.reminder_request)."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.declarations.models import InterestDeclaration
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, RosterChange
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
    person = PersonFactory(user=user)
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=person, start_date=D(2024, 1, 1))
    declare(person)
    return user


def declare(person):
    InterestDeclaration.objects.create(person=person, form="standard", has_interests=False, submitted_on=TODAY)


def edit_url(group):
    return reverse("organisation:roster_edit", args=[group.slug])


def remind_url(group):
    return reverse("organisation:roster_remind", args=[group.slug])


def composition(html: str) -> str:
    start = html.index('<section id="sammansattning"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def undeclared(npo):
    return MembershipFactory(
        group=npo, start_date=D(2025, 1, 1), person=PersonFactory(first_name="Ulla", last_name="Odeklarerad")
    )


def test_a_missing_declaration_links_the_member_and_offers_a_reminder(client, npo, leader, undeclared):
    declared = MembershipFactory(group=npo, start_date=D(2025, 1, 1))
    declare(declared.person)
    client.force_login(leader)
    html = client.get(edit_url(npo)).content.decode()
    section = composition(html)
    assert "Aktuell jävsdeklaration saknas för Ulla Odeklarerad" in section
    assert f'<a href="#uppdrag-{undeclared.pk}">Ulla Odeklarerad</a>' in section
    assert f'<input type="hidden" name="membership" value="{undeclared.pk}">' in section
    assert 'Påminn<span class="visually-hidden"> Ulla Odeklarerad</span>' in section
    assert f'<tr id="uppdrag-{undeclared.pk}">' in html  # the link's target
    finding = section[section.index("Aktuell jävsdeklaration saknas") :]
    finding = finding[: finding.index("</ul>")]
    assert f'"#uppdrag-{declared.pk}"' not in finding and f'"#uppdrag-{undeclared.pk}"' in finding


def test_paminn_records_the_request_without_changing_the_roster(client, npo, leader, undeclared):
    client.force_login(leader)
    version = Group.objects.get(pk=npo.pk).roster_version
    response = client.post(remind_url(npo), {"finding": "javsdeklaration_saknas", "membership": undeclared.pk})
    assert response.status_code == 302 and response["Location"] == edit_url(npo) + "#sammansattning"
    change = RosterChange.objects.get(group=npo, action=RosterChange.Action.REMINDED)
    assert change.actor == leader and change.version == version and change.membership is None
    assert change.after["person_id"] == undeclared.person_id and change.after["subject"] == "javsdeklaration_saknas"
    assert change.summary.startswith("Påminnelse begärd till Ulla Odeklarerad: Aktuell jävsdeklaration saknas")
    assert Group.objects.get(pk=npo.pk).roster_version == version  # no editor's open form goes stale
    page = client.get(response["Location"]).content.decode()
    assert "Påminnelse registrerad för Ulla Odeklarerad." in page
    history = client.get(reverse("organisation:roster_history", args=[npo.slug])).content.decode()
    assert "Påminnelse begärd till Ulla Odeklarerad" in history


def test_a_second_reminder_the_same_day_is_refused(client, npo, leader, undeclared):
    client.force_login(leader)
    data = {"finding": "javsdeklaration_saknas", "membership": undeclared.pk}
    client.post(remind_url(npo), data)
    page = client.post(remind_url(npo), data, follow=True).content.decode()
    assert "En påminnelse till Ulla Odeklarerad om detta är redan registrerad i dag." in page
    assert RosterChange.objects.filter(action=RosterChange.Action.REMINDED).count() == 1


@pytest.mark.parametrize("case", ["declared", "other group", "not a reminder", "junk"])
def test_only_what_the_editor_offered_can_be_reminded(client, npo, leader, undeclared, case):
    declared = MembershipFactory(group=npo)
    declare(declared.person)
    elsewhere = MembershipFactory(group=Group.objects.get(slug="npo-tandvard"))
    data = {
        "declared": {"finding": "javsdeklaration_saknas", "membership": declared.pk},
        "other group": {"finding": "javsdeklaration_saknas", "membership": elsewhere.pk},
        "not a reminder": {"finding": "saknar_ordforande", "membership": undeclared.pk},
        "junk": {"finding": "x" * 5000, "membership": "1 OR 1=1"},
    }[case]
    client.force_login(leader)
    page = client.post(remind_url(npo), data, follow=True).content.decode()
    assert "Påminnelsen registrerades inte" in page
    assert not RosterChange.objects.filter(action=RosterChange.Action.REMINDED).exists()


def test_only_roster_editors_may_ask_for_a_reminder(client, npo, undeclared):
    member = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=member))
    data = {"finding": "javsdeklaration_saknas", "membership": undeclared.pk}
    assert client.post(remind_url(npo), data).status_code == 302  # to log in
    client.force_login(member)
    assert client.post(remind_url(npo), data).status_code == 403
    assert not RosterChange.objects.filter(action=RosterChange.Action.REMINDED).exists()


def test_a_reminder_does_not_hide_the_undo_of_an_import_or_stale_open_forms(client, npo, leader, undeclared):
    client.force_login(leader)
    version = Group.objects.get(pk=npo.pk).roster_version
    client.post(remind_url(npo), {"finding": "javsdeklaration_saknas", "membership": undeclared.pk})
    # A form opened before the reminder still saves.
    response = client.post(
        edit_url(npo),
        {
            "roster_version": version,
            "first_name": "Nina",
            "last_name": "Nyberg",
            "role": Role.EXPERT,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors


def test_a_missing_chair_links_to_the_add_form_with_the_role_chosen(client, npo, leader):
    client.force_login(leader)
    section = composition(client.get(edit_url(npo)).content.decode())
    link = f'<a href="{edit_url(npo)}?roll=ordforande#lagg-till">Lägg till ledamot</a>'
    assert link in section
    form = client.get(edit_url(npo), {"roll": "ordforande"}).context["form"]
    assert form.initial["role"] == Role.CHAIR
    assert "role" not in client.get(edit_url(npo), {"roll": "kung"}).context["form"].initial


def test_chair_and_ending_mandates_link_to_the_action_for_that_member(client, npo, leader):
    chair = MembershipFactory(group=npo, role=Role.CHAIR, start_date=D(2025, 1, 1))
    ending = MembershipFactory(group=npo, start_date=D(2024, 1, 1), end_date=D(2026, 4, 30))
    client.force_login(leader)
    section = composition(client.get(edit_url(npo)).content.decode())
    end = reverse("organisation:membership_end", args=[npo.slug, chair.pk])
    assert (
        f'<a href="{end}">Ange slutdatum<span class="visually-hidden"> för {chair.person.full_name}</span></a>'
        in section
    )
    replace = reverse("organisation:membership_replace", args=[npo.slug, ending.pk])
    assert f'<a href="{replace}">Ersätt<span class="visually-hidden"> {ending.person.full_name}</span></a>' in section


def test_the_group_page_sends_editors_to_the_roster_editor_to_fix_findings(client, npo, leader, undeclared):
    url = reverse("organisation:group", args=[npo.slug])
    member = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=member))
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "Aktuell jävsdeklaration saknas" in html and "Åtgärda i ledamotslistan" not in html
    assert "Påminn" not in html
    client.force_login(leader)
    assert f'<a href="{edit_url(npo)}#sammansattning">Åtgärda i ledamotslistan</a>' in client.get(url).content.decode()
