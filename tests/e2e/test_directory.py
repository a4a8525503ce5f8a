"""Journeys through the public structure in a real browser."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded():
    load_structure()
    load_demo()


def test_visitor_opens_the_directory_and_a_group_page(page, loaded):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Kunskapsstyrning hälso- och sjukvård")
    page.get_by_role("link", name="Programområden och samverkansgrupper").first.click()
    expect(page.locator("h1")).to_have_text("Programområden och samverkansgrupper")
    expect(page.locator("table.data tbody tr")).to_have_count(35)

    page.get_by_label("Typ").select_option("nsg")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator("table.data tbody tr")).to_have_count(8)

    page.goto("/katalog/")
    page.get_by_role("link", name="Hjärt- och kärlsjukdomar", exact=True).click()
    expect(page.locator("h1")).to_have_text("Hjärt- och kärlsjukdomar")
    expect(page.get_by_role("heading", name="Ordförande", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="NAG vårdförlopp Hjärtsvikt")).to_be_visible()
    assert "mailto:" not in page.content()


def test_keyboard_user_reaches_the_content_through_the_skip_link(page, loaded):
    page.goto("/katalog/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_member_logs_in_and_sees_contact_details(page, loaded):
    page.goto("/logga-in/?next=/grupper/npo-hjart-och-karlsjukdomar/")
    page.get_by_label("Användarnamn").fill("ledamot")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("h1")).to_have_text("Hjärt- och kärlsjukdomar")
    expect(page.locator("a[href^='mailto:']").first).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
