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
        self.described_by: set[str] = set()
        self._in_thead = False

    def dangling_references(self) -> set[str]:
        """Ids named by aria-describedby (or aria-labelledby) that no element in the page has."""
        return self.described_by - set(self.ids)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for attribute in ("aria-describedby", "aria-labelledby"):
            self.described_by.update((a.get(attribute) or "").split())
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
    assert audit.dangling_references() == set()


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
    assert audit.dangling_references() == set()


# Forms posted with invalid (mostly empty) data: the page comes back with an error summary, and
# every error and help text a control points at with aria-describedby is in the page.
FAILED_SUBMISSIONS = [
    ("processledare", "organisation:roster_edit", ["npo-hjart-och-karlsjukdomar"], {"start_date": "igår"}),
    ("processledare", "nominations:call_create", ["nag-vardforlopp-hjartsvikt"], {}),
    ("ledamot", "declarations:mine", [], {}),
    ("stodfunktion", "organisation:hosting_transfer", ["npo-cancersjukdomar"], {"start_date": "2026-13-01"}),
]


@pytest.mark.parametrize(("username", "name", "args", "data"), FAILED_SUBMISSIONS)
def test_failed_submission_ties_errors_to_fields(client, demo, username, name, args, data):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == 200
    html = response.content.decode()
    audit = PageAudit()
    audit.feed(html)
    assert 'class="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert audit.dangling_references() == set()
    assert len(audit.ids) == len(set(audit.ids)), "duplicate id attributes"
    assert [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c] == []


def test_failed_nomination_ties_errors_to_fields(client, demo):
    from django.contrib.auth import get_user_model

    from kunskapsstyrning.nominations.models import SeatCall

    client.force_login(get_user_model().objects.get(username="ledamot"))
    response = client.post(reverse("nominations:call", args=[SeatCall.objects.get().pk]), {"nominated_by": "egen"})
    assert response.status_code == 200
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.dangling_references() == set()


def test_call_page_structure(client, demo):
    from django.contrib.auth import get_user_model

    from kunskapsstyrning.nominations.models import SeatCall

    client.force_login(get_user_model().objects.get(username="processledare"))
    response = client.get(reverse("nominations:call", args=[SeatCall.objects.get().pk]))
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert audit.h1 == 1
    assert [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c] == []


def _label_texts(html: str) -> dict[str, str]:
    """The text of each label (by its for=) and legend (by its fieldset's id)."""
    import re

    labels = {m[0]: re.sub(r"<[^>]+>", "", m[1]) for m in re.findall(r'<label for="([^"]+)">(.*?)</label>', html, re.S)}
    legends = {
        m[0]: re.sub(r"<[^>]+>", "", m[1])
        for m in re.findall(r'<fieldset id="([^"]+)"[^>]*>\s*<legend>(.*?)</legend>', html, re.S)
    }
    return labels | legends


def test_conditionally_required_fields_are_not_labelled_optional(client, demo):
    from django.contrib.auth import get_user_model

    from kunskapsstyrning.nominations.models import SeatCall

    client.force_login(get_user_model().objects.get(username="processledare"))
    response = client.get(reverse("organisation:roster_edit", args=["npo-hjart-och-karlsjukdomar"]))
    labels = _label_texts(response.content.decode())
    assert "frivilligt" not in labels["id_first_name"]
    assert "frivilligt" not in labels["id_last_name"]
    assert "frivilligt" in labels["id_email"]

    client.force_login(get_user_model().objects.get(username="ledamot"))
    html = client.get(reverse("nominations:call", args=[SeatCall.objects.get().pk])).content.decode()
    labels = _label_texts(html)
    assert "frivilligt" not in labels["id_manager_approval"]
    assert "frivilligt" not in labels["id_manager_name"]
    assert "Krävs för en egen intresseanmälan." in html
