"""Revision campaigns in a real browser: support staff find the campaigns from the editorial work
list, create one, and land on its progress page, which an anonymous visitor can open too.
axe-core on the list, the form and the progress page (with its SVG chart)."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.demo import load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models.periods import today
from nkk.models import Recommendation

from .test_nkk_journey import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_support_staff_create_a_campaign_and_everyone_sees_its_progress(page):
    load_structure()
    load_demo()
    total = Recommendation.objects.public().count()

    log_in(page, "stodfunktion")
    page.goto("/redaktion/kunskapsstod/")
    page.get_by_role("link", name="Revideringskampanjer").click()
    expect(page.locator("h1")).to_have_text("Revideringskampanjer")
    assert_accessible(page, "kampanjer")
    page.get_by_role("link", name="Ny kampanj").click()
    assert_accessible(page, "ny kampanj")
    page.get_by_label("Namn").fill("Exempelkampanj i webbläsaren")
    page.get_by_label("Startar").fill(today().isoformat())
    page.get_by_label("Revideras senast").fill(today().replace(year=today().year + 1).isoformat())
    page.get_by_role("button", name="Skapa kampanjen").click()
    expect(page.locator("h1")).to_have_text("Exempelkampanj i webbläsaren")
    expect(page.locator("#lage")).to_have_text(f"{total} kunskapsstöd, {total} kvar att revidera")
    # With the "Kampanjen är skapad." message: the status region wraps the list (a role on the
    # <ul> itself broke axe's listitem rule on every page with a message).
    expect(page.get_by_role("status")).to_contain_text("Kampanjen är skapad")
    assert_accessible(page, "läge")

    url = page.url
    page.get_by_role("button", name="Logga ut").click()
    page.goto(url)
    expect(
        page.get_by_role("img", name="Reviderade och kvar att revidera per ansvarig sjukvårdsregion")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Läget per ämnesområde")).to_be_visible()
