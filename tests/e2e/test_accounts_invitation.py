"""Issue 14's journey in a real browser: a process leader adds a new member; the member opens the
invitation that reached the loopback SMTP server, sets a password and sees the new assignment
under Mina uppdrag."""

import re

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.accounts.models import Invitation
from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models.periods import today
from tests.accounts.conftest import link_in, smtp, wait_until  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_member_is_invited_sets_a_password_and_sees_the_assignment(
    page,
    live_server,
    smtp,  # noqa: F811
    celery_worker,  # noqa: F811
    settings,
):
    load_structure()
    load_demo()
    settings.SITE_URL = live_server.url

    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("processledare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto("/grupper/nag-vardforlopp-hjartsvikt/ledamotslista/")
    page.get_by_label("Förnamn").fill("Nyfiken")
    page.get_by_label("Efternamn").fill("Demoledamot")
    page.get_by_label(re.compile(r"^E-post")).fill("nyfiken.demoledamot@exempel.invalid")
    page.get_by_label("Roll").select_option(label="Ledamot")
    page.get_by_label("Mandat från").fill(today().isoformat())
    page.get_by_role("button", name="Lägg till").click()
    expect(page.locator(".messages")).to_contain_text("Nyfiken Demoledamot")

    # The leader sees who has not accepted yet.
    page.goto("/grupper/nag-vardforlopp-hjartsvikt/inbjudningar/")
    expect(page.locator("table.data")).to_contain_text("Nyfiken Demoledamot")
    page.get_by_role("button", name="Logga ut").click()

    mail = smtp.wait_for(1)[0]
    assert mail["To"] == "nyfiken.demoledamot@exempel.invalid"
    assert len(smtp.messages) == 1  # the demo data, loaded without a user, invited no one
    wait_until(lambda: Invitation.objects.filter(sent_at__isnull=False).exists())

    page.goto(link_in(mail))
    expect(page.locator("h1")).to_contain_text("Välkommen")
    page.get_by_label("Välj lösenord").fill("Ett långt demolösen 2026")
    page.get_by_label("Upprepa lösenordet").fill("Ett långt demolösen 2026")
    page.get_by_role("button", name="Skapa konto").click()

    expect(page.locator("h1")).to_have_text("Mina uppdrag")
    current = page.locator("section", has=page.get_by_role("heading", name="Aktuella uppdrag"))
    expect(current.get_by_role("link", name="NAG vårdförlopp Hjärtsvikt")).to_be_visible()
    expect(current).to_contain_text("Ledamot")
