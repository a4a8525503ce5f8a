"""Issue 14, item 3: password reset by e-mail in Swedish, throttled; a second factor (TOTP) for
staff who sign in with a password, when the setting asks for it."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, make_support_staff

pytestmark = pytest.mark.django_db


def ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_mail_in_swedish_and_the_link_sets_a_new_password(client):
    user = UserFactory(username="glomsk", email="glomsk@exempel.invalid")
    response = ask(client, "glomsk@exempel.invalid")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt lösenord till Kunskapsstyrningsportalen"
    assert "Välj ett nytt lösenord här" in message.body
    link = re.search(r"https?://[^/]+(/glomt-losenord/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Välj nytt lösenord" in form.content.decode()
    new = "Ett helt nytt lösen 2026"  # noqa: S105
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_unknown_address_looks_the_same_and_sends_nothing(client):
    response = ask(client, "ingen@exempel.invalid")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_is_throttled_per_address_whatever_the_client_and_lifts_after_the_window(client, settings):
    UserFactory(username="ofta", email="ofta@exempel.invalid")
    for n in range(settings.PASSWORD_RESET_PER_ADDRESS):
        assert ask(client, "ofta@exempel.invalid", ip=f"10.0.0.{n + 1}").status_code == 302
    refused = ask(client, "OFTA@exempel.invalid", ip="10.9.9.9")
    assert refused.status_code == 429
    assert "För många försök" in refused.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS
    later = timezone.now() + datetime.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert ask(client, "ofta@exempel.invalid").status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_ADDRESS + 1


def test_reset_is_throttled_per_client_address(client, settings):
    settings.PASSWORD_RESET_PER_CLIENT = 3
    for n in range(3):
        assert ask(client, f"adress{n}@exempel.invalid", ip="10.1.1.1").status_code == 302
    assert ask(client, "adress9@exempel.invalid", ip="10.1.1.1").status_code == 429
    assert ask(client, "adress9@exempel.invalid", ip="10.1.1.2").status_code == 302


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "hemligt-losen"})


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_staff_must_set_up_and_then_give_a_code_when_required(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    staff = make_support_staff(UserFactory(username="stod"))
    log_in(client, "stod")
    response = client.get(reverse("organisation:my_assignments"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    setup = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "Koden stämmer inte" in client.post(reverse("accounts:otp_setup"), {"otp_token": "000000"}).content.decode()
    # django-otp waits a moment after a wrong code before it accepts another.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        client.post(reverse("accounts:otp_setup"), {"otp_token": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("organisation:my_assignments")).status_code == 200

    client.post(reverse("logout"))
    log_in(client, "stod")
    response = client.get(reverse("organisation:my_assignments"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:otp_verify"))
    wrong = client.post(reverse("accounts:otp_verify"), {"otp_token": "123456"})
    assert "Koden stämmer inte" in wrong.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60), tick=False):
        ok = client.post(reverse("accounts:otp_verify") + "?next=/mina-uppdrag/", {"otp_token": code_for(device)})
    assert ok.status_code == 302 and ok["Location"] == "/mina-uppdrag/"
    assert client.get(reverse("organisation:my_assignments")).status_code == 200


def test_members_are_not_asked_and_nobody_is_without_the_setting(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    UserFactory(username="ledamot-utan-kod")
    log_in(client, "ledamot-utan-kod")
    assert client.get(reverse("organisation:my_assignments")).status_code == 200
    settings.OTP_REQUIRED_FOR_STAFF = False
    make_support_staff(UserFactory(username="stod2"))
    log_in(client, "stod2")
    assert client.get(reverse("organisation:my_assignments")).status_code == 200
