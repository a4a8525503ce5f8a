"""Issue 14, item 2: sign-in through the organisation (OpenID Connect) against a real provider —
django-oauth-toolkit in its own process on loopback (tests/oidc_provider/), with its own
database on the test PostgreSQL server. Nothing is mocked: the portal fetches the token, the
provider's keys and the user info over HTTP."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import psycopg
import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from jwcrypto import jwk

from kunskapsstyrning.accounts.models import OidcIdentity, UserSession
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "leverantorens-losen"  # noqa: S105
USERS = [
    {"username": "anna", "email": "anna.region@exempel.invalid", "first_name": "Anna", "last_name": "Region"},
    {"username": "bertil", "email": "bertil.konto@exempel.invalid", "first_name": "Bertil", "last_name": "Konto"},
    {"username": "cecilia", "email": "cecilia@exempel.invalid", "first_name": "Cecilia", "last_name": "Overifierad"},
    {"username": "okand", "email": "okand@exempel.invalid", "first_name": "Okänd", "last_name": "Person"},
]


def _admin_connection():
    db = django_settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def provider():
    name = f"oidc_{secrets.token_hex(4)}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db = django_settings.DATABASES["default"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client_id, client_secret = "portalen", secrets.token_urlsafe(24)
    key = jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    setup = {
        "users": [{**u, "password": PASSWORD} for u in USERS],
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": "http://testserver/oidc/callback/",
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}",
        "OIDC_PROVIDER_PORT": str(port),
        "OIDC_PROVIDER_KEY": key,
        "OIDC_PROVIDER_SETUP": json.dumps(setup),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "ready", "testleverantören startade inte"
        base = f"http://127.0.0.1:{port}/o/"
        yield {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": client_secret,
            "OIDC_OP_ISSUER": base.rstrip("/"),
            "OIDC_OP_AUTHORIZATION_ENDPOINT": base + "authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": base + "token/",
            "OIDC_OP_USER_ENDPOINT": base + "userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": base + ".well-known/jwks.json",
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def oidc(provider, settings):
    for key, value in provider.items():
        setattr(settings, key, value)
    settings.OIDC_PROVIDER_NAME = "Testregionen"
    return provider


def sign_in(client, username):
    """The browser's part: portal → provider's log-in → provider's redirect back to the portal."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    browser = requests.Session()
    authorize = start["Location"]
    to_login = browser.get(authorize, allow_redirects=False)
    login_url = urljoin(authorize, to_login.headers["Location"])
    form = browser.get(login_url)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    logged_in = browser.post(
        login_url,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        allow_redirects=False,
    )
    back = browser.get(urljoin(login_url, logged_in.headers["Location"]), allow_redirects=False)
    callback = back.headers["Location"]
    assert callback.startswith("http://testserver/oidc/callback/?")
    return client.get(callback.removeprefix("http://testserver"))


def signed_in_user(client):
    response = client.get(reverse("accounts:account"))
    return response.wsgi_request.user if response.status_code == 200 else None


def test_the_login_page_offers_the_organisation(client, oidc):
    assert "Logga in via Testregionen" in client.get(reverse("login")).content.decode()


def test_a_member_without_account_gets_one_linked_to_the_person_by_verified_email(client, oidc):
    person = PersonFactory(first_name="Anna", last_name="Region", email="Anna.Region@exempel.invalid")
    response = sign_in(client, "anna")
    assert response.status_code == 302 and response["Location"] == reverse(django_settings.LOGIN_REDIRECT_URL)
    person.refresh_from_db()
    assert person.user is not None and signed_in_user(client) == person.user
    assert not person.user.has_usable_password()
    identity = OidcIdentity.objects.get(user=person.user)
    assert identity.issuer == oidc["OIDC_OP_ISSUER"]
    assert UserSession.objects.get(user=person.user).method == "oidc"


def test_an_existing_account_is_matched_and_then_found_by_subject_not_by_address(client, oidc):
    user = UserFactory(username="bertil-portal")
    person = PersonFactory(user=user, first_name="Bertil", last_name="Konto", email="bertil.konto@exempel.invalid")
    sign_in(client, "bertil")
    assert signed_in_user(client) == user
    assert get_user_model().objects.count() == get_user_model().objects.filter(pk__lte=user.pk).count()
    client.logout()
    # The address changes in the portal; the provider's stable subject still finds the account.
    person.email = "bertil.ny@exempel.invalid"
    person.save()
    sign_in(client, "bertil")
    assert signed_in_user(client) == user
    assert OidcIdentity.objects.filter(user=user).count() == 1


def test_an_unverified_address_is_refused_even_if_a_person_has_it(client, oidc):
    person = PersonFactory(first_name="Cecilia", last_name="Demo", email="cecilia@exempel.invalid")
    users_before = get_user_model().objects.count()
    response = sign_in(client, "cecilia")
    assert response["Location"] == reverse("accounts:oidc_failed")
    assert signed_in_user(client) is None
    person.refresh_from_db()
    assert person.user is None and get_user_model().objects.count() == users_before
    assert not OidcIdentity.objects.exists()


def test_someone_the_portal_does_not_know_gets_nothing(client, oidc):
    PersonFactory(first_name="Okänd", last_name="Person", email="annan@exempel.invalid")  # same name, other address
    users_before = get_user_model().objects.count()
    response = sign_in(client, "okand")
    assert response["Location"] == reverse("accounts:oidc_failed")
    assert get_user_model().objects.count() == users_before
