"""Issue 14, item 7: the accessibility statement, the personal-data page and the cookie page."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from kunskapsstyrning.accounts import accessibility
from tests.test_accessibility import PageAudit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ["accounts:accessibility", "accounts:privacy", "accounts:cookies"]


def test_public_pages_are_linked_from_every_footer(client):
    for page in ["home", "login", "organisation:directory", *PUBLIC]:
        html = client.get(reverse(page)).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        for target in PUBLIC:
            assert f'href="{reverse(target)}"' in footer, (page, target)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_are_well_formed_and_open_to_anyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.lang == "sv"
    assert audit.h1 == 1
    assert not audit.th_without_scope
    assert not audit.dangling_references()


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


@pytest.mark.parametrize("check", accessibility.CHECKS, ids=lambda c: c.test)
def test_every_claim_of_the_statement_names_a_test_that_exists(check):
    file, function = check.test.split("::")
    assert function in _test_functions(ROOT / file), f"{check.test} finns inte: redogörelsen påstår mer än testerna"


def test_the_statement_lists_exactly_the_pages_the_browser_checks_open():
    from tests.e2e.test_accessibility import PAGES_BY_USER
    from tests.e2e.test_accounts_pages import ACCOUNT_PAGES

    opened = {path for pages in (PAGES_BY_USER, ACCOUNT_PAGES) for paths in pages.values() for path in paths}
    assert set(accessibility.TESTED_PAGES) == opened


def test_the_statement_shows_every_check_and_every_known_gap(client):
    html = client.get(reverse("accounts:accessibility")).content.decode()
    for check in accessibility.CHECKS:
        assert check.test in html
    for gap in accessibility.KNOWN_GAPS:
        assert str(gap)[:40] in html.replace("&#x27;", "'")
    # DIGG's model: the headings a reader looks for.
    for heading in ["Hur tillgänglig är webbplatsen?", "Rapportera brister", "Tillsyn", "Hur vi testat webbplatsen"]:
        assert heading in html


def test_the_privacy_page_names_controller_legal_basis_retention_and_registerutdrag(client):
    html = client.get(reverse("accounts:privacy")).content.decode()
    for words in [
        "Personuppgiftsansvarig",
        "artikel 6.1 e",
        "sparas i 2 år",
        "Registerutdraget",
        reverse("accounts:account"),
    ]:
        assert words in html


def test_the_cookie_page_names_every_cookie_the_portal_sets(client, settings):
    html = client.get(reverse("accounts:cookies")).content.decode()
    for name in [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME]:
        assert f"<code>{name}</code>" in html
