"""Issue 14, item 4: a person downloads everything the portal holds about them, and nothing else."""

import json
import subprocess

import pytest
from django.urls import reverse

from tests.accounts.data import someone

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return someone("ada"), someone("bo")


def test_json_holds_every_kind_of_data_and_nothing_about_others(client, pair):
    ada, bo = pair
    client.force_login(ada.person.user)
    response = client.get(reverse("accounts:personal_data_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    for key in [
        "person",
        "memberships",
        "membership_history",
        "declarations",
        "nominations",
        "calendar_feeds",
        "notices",
        "notice_preferences",
        "audit_log",
    ]:
        assert data[key], f"avsnittet {key} saknas eller är tomt"
    assert data["person"][0]["email"] == ada.marks["email"]
    assert data["memberships"][0]["group"] == ada.marks["group"]
    assert data["declarations"][0]["text"] == ada.marks["declaration"]
    assert data["nominations"][0]["motivation"] == ada.marks["motivation"]
    assert data["calendar_feeds"][0]["token"] == ada.marks["token"]
    assert data["notices"][0]["title"] == ada.marks["notice"]
    tables = {row["table"] for row in data["audit_log"]}
    assert {"person", "uppdrag", "jävsdeklaration", "nominering", "kalenderflöde"} <= tables
    text = response.content.decode()
    for value in ada.marks.values():
        assert value in text
    for value in bo.marks.values():
        assert value not in text, f"uppgift om någon annan i utdraget: {value}"


def test_pdf_is_readable_and_holds_the_same(client, pair, tmp_path):
    ada, bo = pair
    client.force_login(ada.person.user)
    response = client.get(reverse("accounts:personal_data_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "utdrag.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in [
        "Personuppgifter",
        "Uppdrag",
        "Jävsdeklarationer",
        "Nomineringar",
        "Kalenderadresser",
        "Granskningslogg",
    ]:
        assert heading in text
    for key in ("email", "declaration", "motivation", "group"):
        assert ada.marks[key] in text
    for value in bo.marks.values():
        assert value not in text


def test_the_account_page_links_to_both(client, pair):
    ada, _bo = pair
    client.force_login(ada.person.user)
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:personal_data_pdf") in html
    assert reverse("accounts:personal_data_json") in html


def test_mina_uppdrag_links_to_mitt_konto(client, pair):
    ada, _bo = pair
    client.force_login(ada.person.user)
    assert reverse("accounts:account") in client.get(reverse("organisation:my_assignments")).content.decode()


def test_anonymous_gets_the_login_page(client):
    response = client.get(reverse("accounts:personal_data_json"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
