"""Issue 7, item 13: guessing passwords is throttled per account, in the database."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from kunskapsstyrning.clientip import client_ip
from tests.clock import NOW

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-2026"
LOCKED = "Inloggningen är tillfälligt spärrad"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("anna", password=PASSWORD)


@pytest.fixture
def other():
    return get_user_model().objects.create_user("bertil", password=PASSWORD)


def log_in(client, username, password, url="/logga-in/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = log_in(client, username, "fel", **extra)
        assert response.status_code in (200, 429)


def test_five_wrong_passwords_lock_the_account_with_a_swedish_message(client, user):
    with time_machine.travel(NOW, tick=False):
        fail(client, "anna", 5)
        response = log_in(client, "anna", PASSWORD)
        assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    # Stockholm time: 10:00 + 15 minutes.
    assert "Försök igen efter kl. 10:15 den 16 mars 2026 (svensk tid)." in page


def test_the_lock_lifts_after_the_cool_off(client, user):
    with time_machine.travel(NOW, tick=False) as clock:
        fail(client, "anna", 5)
        assert log_in(client, "anna", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=14))
        assert log_in(client, "anna", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=2))
        response = log_in(client, "anna", PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client, user):
    fail(client, "anna", 4)
    assert log_in(client, "anna", PASSWORD).status_code == 302
    client.logout()
    fail(client, "anna", 4)
    assert log_in(client, "anna", PASSWORD).status_code == 302


def test_someone_elses_failures_from_the_same_address_do_not_lock_another_account(client, user, other):
    fail(client, "anna", 10)
    response = log_in(client, "bertil", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_lock_holds_across_addresses_and_is_stored_in_the_database(client, user):
    for number in range(5):
        fail(client, "anna", 1, REMOTE_ADDR=f"192.0.2.{number + 1}")
    assert AccessAttempt.objects.filter(username="anna").exists()
    assert log_in(client, "anna", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_the_admin_log_in_is_throttled_too(client, user):
    user.is_staff = True
    user.save()
    fail(client, "anna", 5, url="/admin/login/")
    response = log_in(client, "anna", PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_x_forwarded_for_is_ignored_without_trusted_proxies():
    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_sent():
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies():
    assert client_ip(request_from("10.0.0.3", "198.51.100.1, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"
