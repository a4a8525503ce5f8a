"""A real SMTP server on loopback (aiosmtpd) and the real Celery worker, for the mail tests."""

import email
import email.policy
import re
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """Collects every message the server receives, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int = 1, timeout: float = 20) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"väntade {count} e-brev, fick {len(self.messages)}")

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    return re.search(r"https?://\S+/konto/inbjudan/\S+/", body_of(message)).group(0)


@pytest.fixture
def smtp(settings):
    """An SMTP server on a free loopback port; Django's mail goes to it."""
    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


def wait_until(condition, timeout: float = 20):
    """The worker commits after the mail has gone: wait for what it records."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError("villkoret uppfylldes inte i tid")
