"""Structural WCAG checks on every public page: language, one h1, labelled controls, table headers.

These complement the browser journeys (keyboard use) and catch regressions in the templates.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.labels_for: set[str] = set()
        self.controls: list[dict] = []
        self.th_without_scope: list[str] = []
        self.imgs_without_alt = 0
        self.ids: list[str] = []
        self._in_thead = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)
        elif tag == "thead":
            self._in_thead = True
        elif tag == "th" and "scope" not in a:
            self.th_without_scope.append(str(a))
        elif tag == "img" and "alt" not in a:
            self.imgs_without_alt += 1

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_thead = False


PAGES = [
    ("home", []),
    ("login", []),
    ("organisation:directory", []),
    ("organisation:group", ["npo-cancersjukdomar"]),
    ("organisation:group", ["vasterbotten-lpo-traumaradet"]),
    ("organisation:healthcare_regions", []),
    ("organisation:healthcare_region", ["sodra"]),
    ("npo:list", []),
    ("nsg:list", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_page_structure(client, demo, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.lang == "sv"
    assert audit.h1 == 1
    unlabelled = [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c]
    assert unlabelled == []
    assert audit.th_without_scope == []
    assert audit.imgs_without_alt == 0
    assert len(audit.ids) == len(set(audit.ids)), "duplicate id attributes"


LOGGED_IN_PAGES = [
    ("processledare", "organisation:roster_edit", ["npo-hjart-och-karlsjukdomar"], {"sok": "Exempelberg"}),
    ("processledare", "organisation:roster_import", ["npo-hjart-och-karlsjukdomar"], {}),
    ("processledare", "organisation:roster_history", ["npo-hjart-och-karlsjukdomar"], {}),
    ("processledare", "nominations:call_create", ["nag-vardforlopp-hjartsvikt"], {}),
    ("ledamot", "organisation:my_assignments", [], {}),
    ("ledamot", "declarations:mine", [], {}),
    ("ledamot", "organisation:group", ["npo-hjart-och-karlsjukdomar"], {}),
    ("stodfunktion", "organisation:composition_overview", [], {}),
    ("stodfunktion", "organisation:hosting_transfer", ["npo-cancersjukdomar"], {}),
    ("stodfunktion", "nominations:open_calls", [], {}),
]


@pytest.mark.parametrize(("username", "name", "args", "query"), LOGGED_IN_PAGES)
def test_logged_in_page_structure(client, demo, username, name, args, query):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1
    unlabelled = [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c]
    assert unlabelled == []
    assert audit.th_without_scope == []
    assert len(audit.ids) == len(set(audit.ids)), "duplicate id attributes"


def test_call_page_structure(client, demo):
    from django.contrib.auth import get_user_model

    from kunskapsstyrning.nominations.models import SeatCall

    client.force_login(get_user_model().objects.get(username="processledare"))
    response = client.get(reverse("nominations:call", args=[SeatCall.objects.get().pk]))
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1
    assert [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c] == []
