"""The accounts pages in a real browser: no axe-core WCAG 2.1 A/AA violation and no sideways
scrolling at 375 px, for the pages the footer links and Mitt konto."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from kunskapsstyrning.organisation.demo import load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from tests.e2e.test_accessibility import DESKTOP, NARROW, WCAG_TAGS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCOUNT_PAGES = {
    None: ["/tillganglighet/", "/behandling-av-personuppgifter/", "/kakor/", "/glomt-losenord/"],
    "ledamot": ["/konto/"],
    "processledare": ["/grupper/nag-vardforlopp-hjartsvikt/inbjudningar/"],
}


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "375px"])
def test_account_pages_pass_axe_and_reflow(browser, live_server, viewport):
    load_structure()
    load_demo()
    axe = Axe()
    problems = []
    for username, paths in ACCOUNT_PAGES.items():
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, username)
        for path in paths:
            assert page.goto(path).status == 200, path
            found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
            problems += [f"{path}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}" for v in found]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{path}: {width} px bred")
        context.close()
    assert problems == []
