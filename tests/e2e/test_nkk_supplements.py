"""Regionala tillägg in a real browser: a reader picks a region with the plain form, without
JavaScript, and sees its text under the section; support staff write a region's text on the edit
page. axe-core on both pages (in a context with JavaScript, which axe itself needs)."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.demo import load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from nkk.models import Recommendation

from .test_nkk_journey import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reader_picks_a_region_and_support_staff_write_its_text(browser, live_server, page):
    load_structure()
    load_demo()
    rec = Recommendation.objects.get(title="Förstoppning hos barn")

    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    plain = context.new_page()
    plain.set_default_timeout(15_000)
    plain.goto(f"/kunskapsstod/{rec.slug}/")
    expect(plain.locator(".regional-supplement")).to_have_count(0)
    plain.get_by_label("Visa regionala tillägg för").select_option(label="Västerbotten")
    plain.get_by_role("button", name="Visa", exact=True).click()
    expect(plain).to_have_url(f"{live_server.url}/kunskapsstod/{rec.slug}/?region=vasterbotten")
    care = plain.locator("section", has=plain.get_by_role("heading", name="Vårdnivå, samverkan och remissrutiner"))
    expect(care.locator(".regional-supplement")).to_contain_text("Regionalt tillägg – Region Västerbotten")
    expect(care.locator(".regional-supplement")).to_contain_text("Exempeltext – inte ett kliniskt råd")
    expect(plain.get_by_role("link", name="Ladda ner som PDF")).to_have_attribute(
        "href", f"/kunskapsstod/{rec.slug}/pdf/?region=vasterbotten"
    )
    log_in(plain, "stodfunktion")
    plain.goto(f"/kunskapsstod/{rec.slug}/?region=gotland")
    plain.get_by_role("link", name="Skriv regionala tillägg").click()
    expect(plain.locator("h1")).to_have_text("Regionala tillägg – Region Gotland")
    plain.get_by_label("Vårdnivå, samverkan och remissrutiner").fill("Exempeltext: Gotlands påhittade remissväg.")
    plain.get_by_role("button", name="Spara tilläggen").click()
    expect(plain.locator(".messages")).to_contain_text("Regionens tillägg är sparade för Gotland.")
    expect(plain.locator(".regional-supplement")).to_contain_text("Gotlands påhittade remissväg.")
    context.close()

    page.goto(f"/kunskapsstod/{rec.slug}/?region=vasterbotten")
    assert_accessible(page, "kunskapsstöd med region")
    log_in(page, "stodfunktion")
    page.goto(f"/redaktion/kunskapsstod/{rec.slug}/regionala-tillagg/gotland/")
    assert_accessible(page, "redigera tillägg")
    page.goto(f"/redaktion/kunskapsstod/{rec.slug}/regionala-tillagg/")
    assert_accessible(page, "regioner att skriva för")
