"""NKK in a real browser: support staff plan an approved revision for a publishing date, publish
the batch by hand, and the public page shows the new version with its change note while the old
version stays at its permanent address. axe-core on the new pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models.periods import today
from nkk.choices import State
from nkk.models import Recommendation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TITLE = "Bröstsmärta och hjärtklappning hos barn"


def log_in(page, username):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def assert_accessible(page, path):
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert result.violations_count == 0, f"{path}: {result.generate_report()}"


def test_support_staff_plan_and_publish_and_the_public_page_shows_it(page):
    load_structure()
    load_demo()
    rec = Recommendation.objects.get(title=TITLE)
    approved = rec.versions.get(state=State.APPROVED)
    old_number = rec.current_version.number

    log_in(page, "stodfunktion")
    page.goto("/redaktion/publiceringskalender/")
    assert_accessible(page, "kalender")
    page.get_by_label("Datum").fill(today().isoformat())
    page.get_by_role("button", name="Lägg till").click()
    expect(page.locator(".messages")).to_contain_text("Publiceringstillfället är tillagt.")

    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible(page, "redaktion")
    plan = page.locator("form", has=page.get_by_role("button", name="Planera för publicering"))
    plan.get_by_label("Publiceringstillfälle").select_option(label=today().isoformat())
    plan.get_by_role("button", name="Planera för publicering").click()
    expect(page.locator(".messages")).to_contain_text("Versionen är nu ”planerad för publicering”.")

    page.goto("/redaktion/publiceringskalender/")
    page.get_by_role("link", name=f"Publicera tillfället {today().isoformat()} nu").click()
    expect(page.locator("h1")).to_contain_text("Bekräfta publiceringen")
    page.get_by_role("button", name="Ja, publicera nu").click()
    expect(page.locator(".messages")).to_contain_text("1 kunskapsstöd är publicerade.")

    page.goto(f"/kunskapsstod/{rec.slug}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("dl.stats")).to_contain_text(
        "(förtydligande av remissvägar under rubriken ”Vårdnivå, samverkan och remissrutiner”)"
    )
    expect(page.locator("dl.stats")).to_contain_text(f"{approved.number}, publicerad {today().isoformat()}")
    assert_accessible(page, "kunskapsstöd")

    page.get_by_role("link", name=f"Version {old_number}", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/kunskapsstod/')[0]}/kunskapsstod/{rec.slug}/version/{old_number}/")
    expect(page.get_by_role("status")).to_contain_text("inte längre är den gällande")

    for path in ("/kunskapsstod/", "/kunskapsstod/nyligen-publicerade/", f"/kunskapsstod/{rec.slug}/jamfor/"):
        page.goto(path)
        assert_accessible(page, path)
