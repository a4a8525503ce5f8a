"""The vårdförlopp pages in Chromium, on the demo: zero axe-core violations of WCAG 2.1 A/AA and
no sideways scrolling at 375 px, anonymously and as a NAG member (editor page, draft form,
comparison)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Group
from svf.demo import load_demo_pathways
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC = ["/vardforlopp/", "/vardforlopp/stroke/", "/vardforlopp/stroke/version/2/", "/vardforlopp/kol/"]
MEMBER = [
    "/vardforlopp/sepsis/jamfor/",
    "/redaktion/vardforlopp/sepsis/",
    "/redaktion/vardforlopp/sepsis/utkast/",
    "/vardforlopp/kol/",
]


def test_svf_pages_have_no_wcag_violations_and_reflow(browser, live_server):
    load_structure()
    load_demo_pathways()
    user = UserFactory(username="nag-sepsis")
    nag = Group.objects.get(slug="nag-vardforlopp-sepsis")
    MembershipFactory(person=PersonFactory(user=user), group=nag, role=Role.PROCESS_LEADER)
    axe = Axe()
    problems = []
    for username, paths in ((None, PUBLIC), ("nag-sepsis", MEMBER)):
        for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 800}):
            context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=viewport)
            page = context.new_page()
            if username:
                page.goto("/logga-in/")
                page.get_by_label("Användarnamn").fill(username)
                page.get_by_label("Lösenord").fill("hemligt-losen")
                page.get_by_role("button", name="Logga in").click()
            for path in paths:
                response = page.goto(path)
                assert response.status == 200, path
                found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
                problems += [f"{path} {viewport['width']}: {v['id']} {v['nodes'][0]['target']}" for v in found]
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    problems.append(f"{path}: {width} px wide at {viewport['width']}")
            context.close()
    assert problems == []
