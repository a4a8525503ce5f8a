"""Issue 7, item 18: Swedish error pages with a way back, and the right status codes."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import UserFactory

WAY_BACK = ('href="/"', 'href="/katalog/"')


def assert_way_back(page: str) -> None:
    for link in WAY_BACK:
        assert link in page
    assert 'action="/katalog/"' in page and 'name="q"' in page  # the directory's search


@pytest.mark.django_db
def test_a_missing_page_is_a_swedish_404_with_a_way_back(client):
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in page
    assert_way_back(page)


@pytest.mark.django_db
def test_a_missing_group_is_the_same_404(client):
    response = client.get("/grupper/ingen-sadan-grupp/")
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()


@pytest.mark.django_db
def test_an_outsider_at_a_roster_editor_gets_a_swedish_403_with_a_way_back(client):
    client.force_login(UserFactory())
    response = client.get("/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du har inte behörighet till sidan" in page
    assert "Du får inte ändra ledamotslistan för" in page
    assert_way_back(page)


def test_a_bad_host_is_a_swedish_400(client):
    response = client.get("/", HTTP_HOST="angripare.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Felaktig förfrågan" in page
    assert 'href="/"' in page and 'href="/katalog/"' in page


def test_the_500_page_is_swedish_and_needs_no_database():
    # No django_db mark: any query would fail the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Tekniskt fel" in page and 'lang="sv"' in page
    assert 'href="/"' in page and 'href="/katalog/"' in page


def test_the_development_settings_show_the_swedish_404_when_debug_is_off():
    """settings.local has DEBUG on by default; with DEBUG=0 the visitor's pages appear."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(HTTP_HOST='127.0.0.1').get('/finns-inte/')\n"
        "print(r.status_code, 'Sidan finns inte' in r.content.decode(), 'href=\"/katalog/\"' in r.content.decode())\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "kunskapsstyrning.settings.local",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "404 True True", result.stderr
