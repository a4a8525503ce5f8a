"""In Chromium: the NAG's process leader sends a vårdförlopp on remiss from its editor page, a
region's representative answers with a comment, and the process leader sees the answer in the
matrix (reached from the vårdförlopp's page) and, once the round has closed, records a response
to the comment."""

import datetime

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations.models import CommentResponse, ConsultationRound
from svf import services
from svf.choices import PathwayState
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "hemligt-losen"


def log_in(page, username):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def person_user(username, **membership):
    user = UserFactory(username=username)
    MembershipFactory(person=PersonFactory(user=user), start_date=datetime.date(2020, 1, 1), **membership)
    return user


def test_a_region_answers_the_remiss_and_the_process_leader_responds(page):
    region = RegionFactory(name="Demoregion")
    nag = GroupFactory(kind=GroupKind.NAG, name="NAG vårdförlopp Demoförlopp")
    person_user("regionombud", group=GroupFactory(kind=GroupKind.NSK_R, name="NSK-R"), represents_region=region)
    person_user("processledare", group=nag, role=Role.PROCESS_LEADER)
    pathway = services.pathway_create(name="Demoförlopp", working_group=nag)
    services.version_update(
        version=services.open_version(pathway),
        sections={"omfattning": "Exempeltext (demo).", "ingang_utgang": "Exempeltext (demo)."},
        steps=[("Ingång", "Exempel: vården bedömer.", "Exempel: personen söker vård."), ("Uppföljning", "", "")],
    )

    log_in(page, "processledare")
    page.goto(f"/redaktion/vardforlopp/{pathway.slug}/")
    send = page.get_by_role("group", name="Skicka på remiss")
    send.get_by_label("Remissen öppnar").fill((today() - datetime.timedelta(days=3)).isoformat())
    send.get_by_label("Sista svarsdag").fill((today() + datetime.timedelta(days=10)).isoformat())
    send.get_by_role("button", name="Skicka på remiss").click()
    expect(page.locator(".messages")).to_contain_text("Vårdförloppet är nu ”på remiss”.")
    pathway.refresh_from_db()
    assert pathway.state == PathwayState.CONSULTATION
    page.get_by_role("button", name="Logga ut").click()

    log_in(page, "regionombud")
    page.goto("/granskning/att-besvara/")
    page.get_by_role("link", name="Demoförlopp, version 1").click()
    page.get_by_label("Tillstyrker med synpunkter").check()
    page.get_by_label("Svar", exact=True).fill("Demo: vi tillstyrker med en synpunkt.")
    page.get_by_label("Avsnitt (synpunkt 1) (frivilligt)", exact=True).fill("Steg A")
    page.get_by_label("Synpunkt 1 (frivilligt)", exact=True).fill("Demo: förtydliga steg A.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.locator(".messages")).to_contain_text("Svaret för Demoregion är sparat.")
    page.get_by_role("button", name="Logga ut").click()

    log_in(page, "processledare")
    page.goto(f"/vardforlopp/{pathway.slug}/")
    page.get_by_role("link", name="Svar per mottagare").click()
    matrix = page.get_by_role("region", name="Svar per mottagare")
    expect(matrix.get_by_role("row", name="Demoregion")).to_contain_text("Tillstyrker med synpunkter")

    # The round closes (its last day passes); then the comment is responded to.
    round_ = ConsultationRound.objects.get()
    ConsultationRound.objects.filter(pk=round_.pk).update(closes_on=today() - datetime.timedelta(days=1))
    page.get_by_role("link", name="Synpunkter och svar (sammanställning)").click()
    form = page.get_by_role("form", name="Svara på synpunkt 1 från Demoregion")
    form.get_by_label("Bedömning").select_option(label="Delvis godtagen")
    form.get_by_label("Motivering").fill("Demo: steg A förtydligas.")
    form.get_by_role("button", name="Spara bedömningen").click()
    expect(page.locator(".messages")).to_contain_text("Svaret på synpunkten är sparat.")
    expect(page.get_by_role("row", name="Demoregion")).to_contain_text("Delvis godtagen")
    assert CommentResponse.objects.get().outcome == "delvis_godtagen"
