"""The roster journey of issue 3 in a real browser, without JavaScript-dependent controls."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Membership, Person
from kunskapsstyrning.organisation.models.periods import today

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_process_leader_edits_the_roster_and_the_member_sees_it(page):
    load_structure()
    load_demo()
    member = Person.objects.get(user__username="ledamot")
    leaving = (
        Membership.objects.filter(group__slug="npo-hjart-och-karlsjukdomar", role=Role.MEMBER)
        .exclude(person=member)
        .select_related("person")
        .first()
        .person
    )

    log_in(page, "processledare")
    page.goto("/grupper/nag-vardforlopp-hjartsvikt/")
    page.get_by_role("link", name="Redigera ledamotslistan").click()
    expect(page.locator("h1")).to_contain_text("Redigera ledamotslistan")

    page.get_by_label("Sök person (namn eller e-post)").fill(member.last_name)
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_label(member.full_name, exact=False).first.check()
    page.get_by_label("Roll").select_option(label="Expert")
    page.get_by_label("Mandat från").fill(today().isoformat())
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("status")).to_contain_text(f"{member.full_name} är tillagd som expert.")

    page.goto("/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/")
    page.get_by_role("link", name=f"Avsluta uppdraget för {leaving.full_name}").click()
    page.get_by_label("Sista dag i uppdraget").fill(today().isoformat())
    page.get_by_role("button", name="Avsluta uppdraget").click()
    page.get_by_role("link", name="Historik").click()
    expect(page.locator("table.data")).to_contain_text(f"Avslutade {leaving.full_name} som ledamot")
    expect(page.locator("table.data")).to_contain_text(f"per {today():%Y-%m-%d}.")

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, "ledamot")
    page.get_by_role("link", name="Mina uppdrag").click()
    current = page.locator("section", has=page.get_by_role("heading", name="Aktuella uppdrag"))
    expect(current.get_by_role("link", name="NAG vårdförlopp Hjärtsvikt")).to_be_visible()
    expect(current).to_contain_text("Expert")


def test_the_link_at_the_top_of_the_roster_editor_takes_the_keyboard_to_the_add_form(page):
    """Issue 7, item 19: following "Lägg till ledamot" moves focus to the form, so the next Tab
    is in its first field, not back at the top of the page."""
    load_structure()
    load_demo()
    log_in(page, "processledare")
    page.goto("/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/")
    link = page.get_by_role("link", name="Lägg till ledamot", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#lagg-till")).to_be_focused()
    assert page.evaluate("location.hash") == "#lagg-till"
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sök person (namn eller e-post)")).to_be_focused()
