"""A member sees a notice about a mandate ending, marks it read and chooses a daily digest,
in a real Chromium; the pages pass axe-core's WCAG 2.1 A/AA rules."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kunskapsstyrning.notices import services
from kunskapsstyrning.notices.choices import Delivery
from kunskapsstyrning.notices.models import KindSetting, Notice, Preference
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def no_axe_violations(page):
    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found] == []


def test_a_member_reads_a_mandate_notice_and_chooses_a_daily_digest(page):
    for name in ("javsdeklaration_saknas", "javsdeklaration_loper_ut"):
        KindSetting.objects.create(kind=name, lead_days=[], active=False)
    user = UserFactory(username="demo-ledamot")
    member = PersonFactory(user=user, first_name="Demo", last_name="Ledamot")
    group = GroupFactory(name="Demogrupp för notiser")
    MembershipFactory(group=group, role=Role.PROCESS_LEADER, start_date=datetime.date(2020, 1, 1))
    MembershipFactory(person=member, group=group, end_date=today() + datetime.timedelta(days=90))
    assert services.plan() == 2

    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("demo-ledamot")
    page.get_by_label("Lösenord").fill("hemligt-losen")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("h1")).to_have_text("Min sida")
    expect(page.get_by_role("link", name="Notiser 1 olästa")).to_be_visible()
    no_axe_violations(page)

    page.get_by_role("link", name="Notiser 1 olästa").click()
    expect(page.locator("h1")).to_have_text("Notiser")
    notice = page.locator("li.notice", has_text="Mandatet för Demo Ledamot som ledamot i Demogrupp för notiser slutar")
    expect(notice).to_contain_text("Oläst")
    no_axe_violations(page)
    notice.get_by_role("button", name="Markera som läst").click()
    expect(page.locator(".messages")).to_contain_text("Markerad som läst.")
    expect(page.get_by_role("link", name="Notiser", exact=True)).to_be_visible()  # no count left
    assert Notice.objects.get(person=member).read_at is not None

    page.get_by_role("link", name="Välj hur du får påminnelser via e-post").click()
    mandates = page.get_by_role("group", name="Mandat som slutar")
    expect(mandates.get_by_label("Av")).to_have_count(0)  # a mandate ending cannot be turned off
    mandates.get_by_label("Daglig sammanställning").check()
    no_axe_violations(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Dina val för påminnelser är sparade.")
    expect(page.get_by_role("group", name="Mandat som slutar").get_by_label("Daglig sammanställning")).to_be_checked()
    assert Preference.objects.get(person=member, kind="mandat_slutar").delivery == Delivery.DIGEST
