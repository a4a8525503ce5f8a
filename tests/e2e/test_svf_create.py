"""The page where support staff register a new vårdförlopp (/redaktion/vardforlopp/ny/) in
Chromium, on the demo: zero axe-core violations of WCAG 2.1 A/AA and no sideways scrolling at
375 px, both empty and with the error summary after an empty submit; then a vårdförlopp is
created from it and the editor page of its draft opens."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.demo import load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from svf.choices import PathwayState
from svf.models import CarePathway

from .test_nkk_journey import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Exempelförlopp i webbläsaren (demo)"


def test_support_staff_create_a_pathway_on_an_accessible_page(page):
    load_structure()
    load_demo()

    log_in(page, "stodfunktion")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto("/redaktion/vardforlopp/ny/")
        assert response.status == 200
        expect(page.locator("h1")).to_have_text("Nytt vårdförlopp")
        assert_accessible(page, f"nytt vårdförlopp, {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Skapa vårdförloppet").click()
    summary = page.locator("#felsammanfattning")
    expect(summary).to_contain_text("Ange vårdförloppets namn.")
    expect(summary).to_contain_text("Välj minst ett ansvarigt programområde.")
    assert_accessible(page, "nytt vårdförlopp med fel")
    assert not CarePathway.objects.filter(name=NAME).exists()

    page.get_by_label("Namn", exact=True).fill(NAME)
    page.get_by_role("group", name="Ansvariga nationella programområden (NPO)").get_by_role("checkbox").first.check()
    page.get_by_label("Nationell arbetsgrupp (NAG) som tar fram vårdförloppet").select_option(index=1)
    page.get_by_role("button", name="Skapa vårdförloppet").click()
    expect(page.locator(".messages")).to_contain_text(f"Vårdförloppet {NAME} är skapat med ett tomt utkast.")
    pathway = CarePathway.objects.get(name=NAME)
    assert pathway.state == PathwayState.STARTED
    assert pathway.versions.count() == 1
    assert page.url.endswith(f"/redaktion/vardforlopp/{pathway.slug}/")
