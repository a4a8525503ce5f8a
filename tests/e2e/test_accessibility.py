"""WCAG 2.1 AA in a real browser: focus after a failed submission, no sideways scrolling at 375 px
(reflow, 1.4.10) and zero axe-core violations of the WCAG 2.1 A/AA rules.

axe-core comes bundled with axe-playwright-python (axe.min.js in the package) and is injected into
the page; nothing is downloaded at run time.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kunskapsstyrning.nominations import services as nominations
from kunskapsstyrning.nominations.models import Nomination, SeatCall
from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations.models import ConsultationRound
from plans.models import PlanYear
from tests import demo_extras

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PUBLIC_PAGES = [
    "/",
    "/katalog/",
    "/programomraden/",
    "/grupper/npo-hjart-och-karlsjukdomar/",
    "/sjukvardsregioner/sodra/",
    "/logga-in/",
]
# NKK's public pages on the demo recommendations (load_demo): a list, a search, a recommendation
# with versions and a merged one with long facts, an earlier version, the comparison, the recent.
NKK_PUBLIC_PAGES = [
    "/kunskapsstod/",
    "/kunskapsstod/?q=sepsis",
    "/kunskapsstod/sepsis/",
    "/kunskapsstod/langvarig-smarta/",
    "/kunskapsstod/sepsis/version/1/",
    "/kunskapsstod/sepsis/jamfor/",
    "/kunskapsstod/nyligen-publicerade/",
]
PLAN = "/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/"
DRAFT = "/redaktion/kunskapsstod/demo-exempelrekommendation-om-hjartsvikt/"
# {call} and {nomination}: the demo call and the nomination the `loaded` fixture files to it;
# {round} and {recipient}: the consultation it opens on the demo draft, with the NPO as a
# recipient that the process leader answers for; {year}: this year's demo plans; {initiative}:
# the first initiative of the NPO's plan.
PAGES_BY_USER = {
    None: [*PUBLIC_PAGES, "/utlysningar/{call}/", *NKK_PUBLIC_PAGES, "/verksamhetsplaner/", "/nulage/"],
    # A member of the demo recommendation's working group: the editorial pages, notices, Min sida.
    "ledamot": [
        "/utlysningar/{call}/",
        "/redaktion/kunskapsstod/",
        DRAFT,
        DRAFT + "utkast/",
        "/notiser/",
        "/notiser/installningar/",
        "/min-sida/",
    ],
    "processledare": [
        "/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/",
        "/mina-uppdrag/",
        "/grupper/npo-hjart-och-karlsjukdomar/historik/",
        "/utlysningar/{call}/",
        "/nomineringar/{nomination}/beslut/?action=accept",
        "/granskning/att-besvara/",
        "/granskning/{round}/",
        "/granskning/{round}/svar/{recipient}/",
        "/granskning/{round}/synpunkter/",
        PLAN,
        PLAN + "revision/1/insatser/ny/",
        PLAN + "revision/1/insatser/{initiative}/",
    ],
    # The composition CSV export is a file, not a page: the fuzz test covers it.
    "stodfunktion": [
        "/oversikt/sammansattning/",
        "/oversikt/utlysningar/",
        "/redaktion/kunskapsstod/",
        "/redaktion/publiceringskalender/",
        "/granskning/fonster/",
        "/oversikt/paminnelser/",
    ],
}


@pytest.fixture
def loaded():
    load_structure()
    load_demo()
    # A nomination to the demo call, so the call page, its confirmation page and the open calls
    # show a nominations table.
    call = SeatCall.objects.get()
    nominations.nomination_submit(
        call=call,
        person=Person.objects.get(user__username="ledamot"),
        nominated_by="sjalv",
        motivation="Demotext: motivering.",
        manager_approval=True,
        manager_name="Chef Chefsson (demo)",
    )
    demo_extras.consultation_and_notice()


def ids() -> dict:
    plan = PlanYear.objects.get(group__slug="npo-hjart-och-karlsjukdomar", year=today().year, revision=1)
    round_ = ConsultationRound.objects.get(description=demo_extras.ROUND_DESCRIPTION)
    return {
        "call": SeatCall.objects.get().pk,
        "nomination": Nomination.objects.get().pk,
        "round": round_.pk,
        "recipient": round_.recipients.get(group__isnull=False).pk,
        "year": plan.year,
        "initiative": plan.initiatives.order_by("pk").first().pk,
    }


def log_in(page, username):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def visit_all(browser, live_server, viewport, check):
    """Open every page (as each user) at the viewport; check(page, path) returns a problem or None."""
    problems = []
    for username, paths in PAGES_BY_USER.items():
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, username)
        for path in paths:
            path = path.format(**ids())
            response = page.goto(path)
            assert response.status == 200, path
            if problem := check(page, path):
                problems.append(f"{username or 'anonym'} {path}: {problem}")
        context.close()
    return problems


def test_focus_moves_to_the_error_summary_after_a_failed_submit(page, loaded):
    log_in(page, "processledare")
    page.goto("/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/")
    page.get_by_role("button", name="Lägg till").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    # Each error is tied to its field: the field's description names the error text.
    first_name = page.get_by_label("Förnamn")
    described = first_name.get_attribute("aria-describedby") or ""
    assert described
    for ref in described.split():
        expect(page.locator(f"#{ref}")).to_have_count(1)


def test_pages_need_no_sideways_scrolling_at_375_px(browser, live_server, loaded):
    def too_wide(page, path):
        width = page.evaluate("document.documentElement.scrollWidth")
        return f"{width} px wide" if width > NARROW["width"] else None

    assert visit_all(browser, live_server, NARROW, too_wide) == []


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "375px"])
def test_axe_finds_no_wcag_21_aa_violations(browser, live_server, loaded, viewport):
    axe = Axe()

    def violations(page, path):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        found = results.response["violations"]
        if not found:
            return None
        return "; ".join(
            f"{v['id']} ({v['impact']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5]) for v in found
        )

    assert visit_all(browser, live_server, viewport, violations) == []


#: In the page: the elements that jump the tab order with a positive tabindex.
POSITIVE_TABINDEX = """() => [...document.querySelectorAll('[tabindex]')]
  .filter(e => e.tabIndex > 0).map(e => 'tabindex ' + e.tabIndex + ' på ' + e.tagName)"""
#: In the page: the focused element, and whether its focus shows (an outline or a box shadow).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {at: [...document.querySelectorAll('*')].indexOf(e),
          tag: e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.name || e.textContent.trim().slice(0, 30)),
          visible: outline || s.boxShadow !== 'none'};
}"""
STOPS = 30


def test_every_tab_stop_shows_where_the_focus_is(browser, live_server, loaded):
    """Keyboard use (2.4.3, 2.4.7): the first 30 tab stops of every page show a visible focus
    indicator, and no positive tabindex reorders them."""

    def focus_problems(page, path):
        problems = page.evaluate(POSITIVE_TABINDEX)
        seen = []
        for _ in range(STOPS):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUSED)
            if state is None or state["at"] in seen:
                break  # past the last stop, or round again
            seen.append(state["at"])
            if not state["visible"]:
                problems.append(f"osynligt fokus på {state['tag']}")
        return "; ".join(problems) or None

    assert visit_all(browser, live_server, DESKTOP, focus_problems) == []


def test_the_focus_check_sees_a_hidden_focus(page, loaded):
    """The check above can fail: a link whose focus style is taken away is reported."""
    page.goto("/")
    page.evaluate("document.querySelectorAll('a').forEach(a => a.style.setProperty('outline', 'none', 'important'))")
    page.evaluate("document.querySelectorAll('a').forEach(a => a.style.setProperty('box-shadow', 'none', 'important'))")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["visible"] is False


def test_axe_runs_and_reports_a_violation(page, loaded):
    """The check above can fail: axe, injected despite the CSP, reports an unlabelled control."""
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert "label" in {v["id"] for v in results.response["violations"]}


def test_the_copy_button_copies_the_calendar_address(browser, live_server, loaded):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "ledamot")
    page.goto("/mina-uppdrag/")
    page.get_by_role("button", name="Skapa kalenderadress").click()
    address = page.get_by_label("Din kalenderadress").input_value()
    assert "/kalender/" in address
    page.get_by_role("button", name="Kopiera adressen").click()
    expect(page.get_by_role("status").filter(has_text="Adressen är kopierad.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    context.close()
