"""The API's two pages (documentation, tokens) pass the same structural WCAG checks as the rest."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_accessibility import PageAudit

pytestmark = pytest.mark.django_db


def _audit(html: str) -> PageAudit:
    audit = PageAudit()
    audit.feed(html)
    assert audit.lang == "sv" and audit.h1 == 1
    assert [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c] == []
    assert audit.th_without_scope == []
    assert len(audit.ids) == len(set(audit.ids)), "duplicate id attributes"
    assert audit.dangling_references() == set()
    return audit


def test_documentation_page(client, structure):
    _audit(client.get(reverse("api-documentation")).content.decode())


def test_token_page_new_token_and_failed_submission(client, structure):
    client.force_login(UserFactory())
    url = reverse("api-pages:tokens")
    _audit(client.get(url).content.decode())
    created = client.post(url, {"name": "Intranät", "scope": "read"}).content.decode()
    _audit(created)
    failed = client.post(url, {"name": "", "scope": ""}).content.decode()
    assert 'class="error-summary"' in failed
    _audit(failed)
