"""In Chromium: a region's representative answers a consultation with a comment, the owning
NAG's process leader sees the answer in the matrix and, once the round has closed, records a
response to the comment on the ledger page."""

import datetime

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations import services
from nkk.consultations.models import CommentResponse, ConsultationRound
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


def test_the_representative_answers_and_the_process_leader_responds(page):
    region = RegionFactory(name="Demoregion")
    nag = GroupFactory(kind=GroupKind.NAG, name="NAG Demoförlopp")
    person_user("regionombud", group=GroupFactory(kind=GroupKind.NSK_R, name="NSK-R"), represents_region=region)
    person_user("processledare", group=nag, role=Role.PROCESS_LEADER)
    round_ = services.round_create(
        kind="remiss",
        subject=nag,
        owner_group=nag,
        opens_on=today() - datetime.timedelta(days=3),
        closes_on=today() + datetime.timedelta(days=10),
        regions=[region],
    )

    log_in(page, "regionombud")
    page.goto("/granskning/att-besvara/")
    page.get_by_role("link", name="NAG Demoförlopp").click()
    page.get_by_label("Tillstyrker med synpunkter").check()
    page.get_by_label("Svar", exact=True).fill("Demo: vi tillstyrker med en synpunkt.")
    page.get_by_label("Avsnitt (synpunkt 1) (frivilligt)", exact=True).fill("Behandling")
    page.get_by_label("Synpunkt 1 (frivilligt)", exact=True).fill("Demo: förtydliga steg B.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.locator(".messages")).to_contain_text("Svaret för Demoregion är sparat.")
    page.get_by_role("button", name="Logga ut").click()

    log_in(page, "processledare")
    page.goto(f"/granskning/{round_.pk}/")
    matrix = page.get_by_role("region", name="Svar per mottagare")
    expect(matrix.get_by_role("row", name="Demoregion")).to_contain_text("Tillstyrker med synpunkter")

    # The round closes (its last day passes); then the comments are responded to.
    ConsultationRound.objects.filter(pk=round_.pk).update(closes_on=today() - datetime.timedelta(days=1))
    page.get_by_role("link", name="Synpunkter och svar (sammanställning)").click()
    form = page.get_by_role("form", name="Svara på synpunkt 1 från Demoregion")
    form.get_by_label("Bedömning").select_option(label="Delvis godtagen")
    form.get_by_label("Motivering").fill("Demo: steg B förtydligas, steg C lämnas.")
    form.get_by_role("button", name="Spara bedömningen").click()
    expect(page.locator(".messages")).to_contain_text("Svaret på synpunkten är sparat.")
    expect(page.get_by_role("row", name="Demoregion")).to_contain_text("Delvis godtagen")
    assert CommentResponse.objects.get().outcome == "delvis_godtagen"
