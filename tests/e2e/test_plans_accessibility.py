"""The activity-plan pages against WCAG 2.1 AA with axe-core, at desktop width and at 375 px
(without sideways scrolling), as a visitor and as the demo process leader."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from kunskapsstyrning.organisation.demo import load_demo
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models.periods import today
from tests.e2e.test_accessibility import DESKTOP, NARROW, WCAG_TAGS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pages():
    year = today().year
    return {
        None: ["/verksamhetsplaner/", "/nulage/", "/nulage/vakanta-platser/"],
        "processledare": [
            f"/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/",
            f"/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/revision/1/insatser/ny/",
            f"/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year + 5}/",
        ],
    }


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "375px"])
def test_plan_pages_pass_axe_and_reflow(browser, live_server, viewport):
    load_structure()
    load_demo()
    axe = Axe()
    problems = []
    for username, paths in pages().items():
        context = browser.new_context(
            base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            log_in(page, username)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
            problems += [f"{path}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}" for v in found]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{path}: {width} px wide")
        context.close()
    assert problems == []
