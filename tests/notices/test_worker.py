"""Real Celery worker processes over the real Redis broker, sending to a real SMTP server on
loopback: delivery, no duplicates with two workers and duplicate scheduling, a worker killed
with SIGKILL mid-batch, and a retry after the SMTP server comes back."""

import datetime
import time

import pytest

from kunskapsstyrning.notices import services, tasks
from kunskapsstyrning.notices.choices import EmailStatus
from kunskapsstyrning.notices.models import KindSetting, Notice
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.celery


def wait_until(condition, timeout: float = 30, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"väntade förgäves: {what}")


@pytest.fixture
def mandates(transactional_db, settings):
    """Mandates ending in 90 days in one group with a process leader; only that kind runs.

    Today's reminders go out at midnight here (and in the worker processes): at 07:00, the
    production hour, the suite failed whenever it ran before seven in the morning."""
    settings.NOTICES_SEND_HOUR = 0
    for name in ("javsdeklaration_saknas", "javsdeklaration_loper_ut"):
        KindSetting.objects.create(kind=name, lead_days=[], active=False)

    def make(count: int):
        group = GroupFactory()
        leader = MembershipFactory(group=group, role=Role.PROCESS_LEADER, start_date=datetime.date(2020, 1, 1))
        members = [MembershipFactory(group=group, end_date=today() + datetime.timedelta(days=90)) for _ in range(count)]
        return leader.person, [m.person for m in members]

    return make


def sent_count() -> int:
    return Notice.objects.filter(email_status=EmailStatus.SENT).count()


def test_two_workers_and_duplicate_scheduling_send_each_reminder_once(mandates, smtp, celery_worker_processes):
    leader, members = mandates(12)
    smtp.recorder.delay = 0.05  # long enough for both workers to be at it at once
    celery_worker_processes.start(2)
    for _ in range(3):  # beat firing three times, and the sender asked six times, to two workers
        celery_worker_processes.send(tasks.plan)
        celery_worker_processes.send(tasks.send_due)
        celery_worker_processes.send(tasks.send_due)
    wait_until(lambda: sent_count() == 24, what="24 skickade")
    time.sleep(1.0)  # anything still on its way would arrive now
    ids = smtp.recorder.message_ids()
    assert len(ids) == 24 == len(set(ids))
    assert Notice.objects.count() == 24


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(mandates, smtp, celery_worker_processes):
    leader, members = mandates(5)  # ten reminders
    assert services.plan() == 10
    smtp.recorder.hold_at = 3  # the third message waits at MAIL FROM: the worker is mid-batch
    (worker,) = celery_worker_processes.start(lease_seconds=3)
    celery_worker_processes.send(tasks.send_due)
    assert smtp.recorder.holding.wait(30)
    celery_worker_processes.kill(worker)
    smtp.recorder.release.set()
    assert len(smtp.recorder.messages) == 2
    assert sent_count() == 2
    # The eight others are claimed by the dead worker; none is lost.
    assert Notice.objects.filter(email_status=EmailStatus.PENDING, lease_until__isnull=False).count() == 8
    celery_worker_processes.start(lease_seconds=3)
    # The beat's every-minute sweep, asked until the dead worker's lease has expired.
    deadline = time.monotonic() + 30
    while sent_count() < 10 and time.monotonic() < deadline:
        celery_worker_processes.send(tasks.send_due)
        time.sleep(1)
    assert sent_count() == 10
    ids = smtp.recorder.message_ids()
    assert len(ids) == 10 == len(set(ids))
    assert sorted(smtp.recorder.to()) == sorted([p.email for p in members] + [leader.email] * 5)


def test_the_worker_decides_delivers_and_retries_when_the_smtp_server_is_back(
    mandates, smtp_down, celery_worker_processes
):
    leader, members = mandates(1)
    celery_worker_processes.start()
    celery_worker_processes.send(tasks.plan)  # decides, then sends: the SMTP server is down
    wait_until(
        lambda: Notice.objects.filter(email_status=EmailStatus.RETRYING).count() == 2, what="två att försöka igen"
    )
    assert all(n.last_error and n.attempts == 1 for n in Notice.objects.all())
    smtp_down.start()
    deadline = time.monotonic() + 30
    while sent_count() < 2 and time.monotonic() < deadline:
        celery_worker_processes.send(tasks.send_due)  # the every-minute sweep
        time.sleep(0.5)
    assert sent_count() == 2
    assert set(Notice.objects.values_list("attempts", flat=True)) == {2}
    assert sorted(smtp_down.recorder.to()) == sorted([leader.email, members[0].email])
