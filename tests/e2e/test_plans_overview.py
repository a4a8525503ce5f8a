"""The national overview of initiatives in Chromium: the filters narrow the table, and the
summary PDF downloads once the real Celery worker has finished it (progress followed by
static/js/plans-summary.js)."""

import pytest
from playwright.sync_api import expect

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Group
from plans.choices import InitiativeKind
from plans.models import SummaryPdf
from tests.factories import UserFactory
from tests.plans.conftest import media, plan_with  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KINDS = (InitiativeKind.KNOWLEDGE_SUPPORT, InitiativeKind.CARE_PATHWAY, InitiativeKind.FOLLOW_UP)


def log_in(page, username):
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("hemligt-losen")
    page.get_by_role("button", name="Logga in").click()


def test_filters_narrow_the_overview_and_the_pdf_downloads_when_done(page, celery_worker, media):  # noqa: F811
    load_structure()
    cardio = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    children = Group.objects.get(slug="npo-barn-och-ungdomars-halsa")
    registers = Group.objects.get(kind=GroupKind.NSG, slug="nsg-kvalitetsregister")
    plan_with(cardio, 2026, 3, kinds=KINDS)
    plan_with(children, 2026, 2, kinds=(InitiativeKind.CARE_PATHWAY,))
    plan_with(registers, 2026, 1, kinds=(InitiativeKind.FOLLOW_UP,))
    UserFactory(username="planerare")

    page.goto("/verksamhetsplaner/?year=2026")
    rows = page.locator("#insatser tbody tr")
    expect(rows).to_have_count(6)
    expect(page.get_by_role("heading", name="6 insatser")).to_be_visible()

    page.get_by_label("Typ", exact=True).select_option(label="Vårdförlopp")
    page.get_by_role("button", name="Filtrera").click()
    expect(rows).to_have_count(3)
    expect(page.locator("#antal-per-typ [data-kind=vardforlopp]")).to_have_text("3")
    expect(page.locator("#insatser")).not_to_contain_text("Kvalitetsregister")

    page.get_by_label("Grupp", exact=True).select_option(label="Barn och ungdomars hälsa")
    page.get_by_role("button", name="Filtrera").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#insatser")).to_contain_text("Barn och ungdomars hälsa")
    expect(page.locator("#insatser")).not_to_contain_text("Hjärt- och kärlsjukdomar")

    page.get_by_label("Sortera efter").select_option(label="Rubrik")
    page.get_by_role("button", name="Filtrera").click()
    titles = page.locator("#insatser tbody th").all_inner_texts()
    assert titles == sorted(titles)

    log_in(page, "planerare")
    page.goto("/verksamhetsplaner/?year=2026")
    page.get_by_role("button", name="Skapa sammanfattningen 2026 som PDF").click()
    expect(page.get_by_role("heading", name="Sammanfattning 2026 som PDF")).to_be_visible()
    link = page.get_by_role("link", name="Ladda ner PDF")
    expect(link).to_be_visible(timeout=60_000)  # shown by the script when the task is done
    expect(page.get_by_role("status")).to_contain_text("Klar (100 %)")
    assert SummaryPdf.objects.get().state == "klar"
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "sammanfattning-planerade-insatser-2026.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    # The finished file is offered on the overview while the data stays the same.
    page.goto("/verksamhetsplaner/?year=2026")
    expect(page.get_by_role("link", name="Sammanfattning 2026 som PDF")).to_be_visible()
