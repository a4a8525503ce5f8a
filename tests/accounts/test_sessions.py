"""Issue 14, item 6: a list of one's sessions and 'log out everywhere'."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kunskapsstyrning.accounts.models import UserSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def log_in(username, agent):
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": username, "password": "hemligt-losen"})
    assert response.status_code == 302
    return client


def test_every_sign_in_is_listed_and_log_out_everywhere_ends_them_all():
    user = UserFactory(username="sessionsanvandare")
    other = UserFactory(username="annan")
    laptop, phone = log_in(user.username, "Laptop/1.0"), log_in(user.username, "Telefon/2.0")
    elsewhere = log_in(other.username, "Annan/3.0")

    html = laptop.get(reverse("accounts:account")).content.decode()
    assert "Laptop/1.0" in html and "Telefon/2.0" in html
    assert "Annan/3.0" not in html
    assert html.count("(den här)") == 1

    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    for client in (laptop, phone):
        assert client.get(reverse("accounts:account")).status_code == 302  # to the log-in page
    assert not UserSession.objects.filter(user=user).exists()
    assert elsewhere.get(reverse("accounts:account")).status_code == 200
    assert Session.objects.count() >= 1


def test_signing_out_removes_the_session_from_the_list():
    user = UserFactory(username="utloggare")
    client = log_in(user.username, "Webbläsare/1.0")
    assert UserSession.objects.filter(user=user).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=user).exists()


def test_an_expired_session_is_not_listed():
    user = UserFactory(username="gammal")
    client = log_in(user.username, "Gammal/1.0")
    current = UserSession.objects.get(user=user)
    log_in(user.username, "Utgången/1.0")
    expired = UserSession.objects.filter(user=user).exclude(pk=current.pk).get()
    Session.objects.filter(session_key=expired.session_key).update(expire_date="2000-01-01T00:00:00Z")
    html = client.get(reverse("accounts:account")).content.decode()
    assert "Gammal/1.0" in html and "Utgången/1.0" not in html


def test_the_account_page_is_well_formed(client):
    from tests.test_accessibility import PageAudit

    user = UserFactory(username="struktur")
    client.force_login(user)
    audit = PageAudit()
    audit.feed(client.get(reverse("accounts:account")).content.decode())
    assert audit.h1 == 1 and not audit.th_without_scope and not audit.dangling_references()
