"""A real SMTP server on loopback (aiosmtpd) per test, and real Celery worker processes that
send to it.

Each test gets its own SMTP server on a free port, so xdist workers never share one. A worker
process (`celery worker --pool=solo`, a separate process that a test may SIGKILL) reads the
test's own database (the xdist worker's test database, by DATABASE_URL), listens on a queue of
its own over the session's Redis (CELERY_TASK_DEFAULT_QUEUE) so no other test's worker takes its
tasks, and sends to the test's SMTP server (EMAIL_URL; settings/test.py keeps locmem without it).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps every accepted message; can hold the n-th MAIL FROM (to kill a
    worker while it waits for the server) and slow every message down a little."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.mail_count = 0
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.delay = 0.0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        import asyncio

        with self.lock:
            self.mail_count += 1
            n = self.mail_count
        if self.hold_at == n:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Försök igen senare"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        with self.lock:
            return sorted(m["To"] for m in self.messages)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for m in self.messages]


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.recorder.messages) >= count:
                return self.recorder.messages
            time.sleep(0.05)
        raise AssertionError(f"{len(self.recorder.messages)} e-brev kom fram, väntade {count}")


@pytest.fixture
def smtp_down(settings):
    """An SMTP address with nothing listening yet: `.start()` brings the server up."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_down):
    return smtp_down.start()


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class Workers:
    """Celery worker processes on a queue of this test's own."""

    def __init__(self, tmp_path: Path, smtp_port: int):
        self.queue = f"notices-test-{uuid.uuid4().hex[:12]}"
        self.tmp_path = tmp_path
        self.smtp_port = smtp_port
        self.procs: list[subprocess.Popen] = []

    def start(self, count: int = 1, *, lease_seconds: int = 3) -> list[subprocess.Popen]:
        """Start `count` workers at once and wait until each says it is ready."""
        started = []
        for _ in range(count):
            index = len(self.procs)
            log = self.tmp_path / f"worker-{index}.log"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "kunskapsstyrning.settings.test",
                "DATABASE_URL": _database_url(),
                "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
                "CELERY_TASK_DEFAULT_QUEUE": self.queue,
                "NOTICES_LEASE_SECONDS": str(lease_seconds),
                "NOTICES_RETRY_BASE_SECONDS": "1",
                # Today's reminders are due at once, whatever the hour the suite runs.
                "NOTICES_SEND_HOUR": "0",
            }
            command = [sys.executable, "-m", "celery", "-A", "kunskapsstyrning", "worker", "--pool=solo"]
            command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            command += ["-Q", self.queue, "-n", f"w{index}-{self.queue}@%h"]
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
            proc.log = log
            self.procs.append(proc)
            started.append(proc)
        deadline = time.monotonic() + 90
        waiting = list(started)
        while waiting and time.monotonic() < deadline:
            for proc in list(waiting):
                if proc.poll() is not None:
                    raise AssertionError("Celery-workern avslutades:\n" + proc.log.read_text())
                if " ready." in proc.log.read_text():
                    waiting.remove(proc)
            time.sleep(0.1)
        if waiting:
            raise AssertionError("Celery-workern blev inte redo:\n" + waiting[0].log.read_text())
        return started

    def send(self, task, *args):
        return task.apply_async(args=args, queue=self.queue)

    def kill(self, proc: subprocess.Popen) -> None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self):
        """Killed, not stopped: a warm shutdown takes seconds, and nothing they hold matters now
        (their queue is this test's own)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def celery_worker_processes(transactional_db, smtp_down, tmp_path):
    """Start with `.start()`; the SMTP server (smtp_down) is started by the test or by `smtp`."""
    from kunskapsstyrning.celery import app

    assert app.conf.broker_url.startswith("redis://"), "testerna ska gå mot en riktig Redis"
    workers = Workers(tmp_path, smtp_down.port)
    yield workers
    workers.stop()
