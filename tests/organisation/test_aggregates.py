"""Precomputed aggregates (organisation/aggregates.py): a write through the services is recomputed
by the real worker and the page shows it; a burst of writes gives one recomputation; the nightly
beat entry exists."""

import datetime
import time

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation import aggregates, composition_overview
from kunskapsstyrning.organisation import services as roster_services
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Aggregate
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, PersonFactory, make_support_staff

KIND = composition_overview.KIND
MISSING_CHAIR = "Gruppen saknar ordförande."


def _purge_queue():
    """Tasks left in this test process's queue by earlier tests (their rows are gone)."""
    from kunskapsstyrning.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def _queued() -> int:
    from kunskapsstyrning.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(app.conf.task_default_queue)


def _count_computations(monkeypatch) -> list:
    """Count the kind's computations (the worker runs in this process, on its own thread)."""
    calls = []
    spec = aggregates.kind(KIND)
    original = spec.compute

    def counting(key):
        calls.append(key)
        return original(key)

    monkeypatch.setattr(spec, "compute", counting)
    return calls


def _wait_until_computed(timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = Aggregate.objects.filter(kind=KIND).first()
        if row and row.computed_at and not row.is_pending:
            return row
        time.sleep(0.2)
    raise AssertionError("arbetaren räknade aldrig klart")


def _overview(client, **params) -> str:
    response = client.get(reverse("organisation:composition_overview"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_nightly_recomputation_is_in_the_beat_schedule_at_a_quarter_past_four_stockholm_time():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="aggregates.recompute_all")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("4", "15", "Europe/Stockholm")


def test_a_write_through_the_services_is_recomputed_by_the_worker_and_shown(celery_worker, client):
    staff = make_support_staff()
    npo = GroupFactory(kind=GroupKind.NPO, name="NPO Provområde")
    client.force_login(staff)
    _wait_until_computed()  # the set-up's own writes were recomputed by the worker
    html = _overview(client, q="Provområde")
    assert MISSING_CHAIR in html and "Beräknad <time datetime=" in html
    computed = Aggregate.objects.get(kind=KIND).computed_at

    roster_services.membership_create(
        person=PersonFactory(), group=npo, role=Role.CHAIR, start_date=today() - datetime.timedelta(days=10), by=staff
    )
    deadline = time.monotonic() + 30
    while MISSING_CHAIR in html and time.monotonic() < deadline:
        time.sleep(0.2)
        html = _overview(client, q="Provområde")
    assert MISSING_CHAIR not in html, "arbetaren räknade inte om översikten efter ändringen"
    row = Aggregate.objects.get(kind=KIND)
    assert row.computed_at > computed and not row.is_pending


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_writes_gives_one_recomputation(monkeypatch, client):
    from celery.contrib.testing.worker import start_worker

    from kunskapsstyrning.celery import app

    _purge_queue()
    staff = make_support_staff()
    npo = GroupFactory(kind=GroupKind.NPO, name="NPO Provområde")
    aggregates.recompute(KIND)
    _purge_queue()  # what the set-up's writes enqueued
    calls = _count_computations(monkeypatch)
    client.force_login(staff)
    assert "Gruppen saknar processledare/processtöd." in _overview(client, q="Provområde")
    for i in range(20):  # twenty transactions, each asking for a recomputation when it commits
        role = Role.PROCESS_LEADER if i == 0 else Role.MEMBER
        roster_services.membership_create(
            person=PersonFactory(), group=npo, role=role, start_date=datetime.date(2024, 1, 1)
        )
    assert Aggregate.objects.get(kind=KIND).is_pending
    assert _queued() == 1  # the first request enqueued; the other nineteen saw it due

    app.loader.import_task_module("celery.contrib.testing.tasks")
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        deadline = time.monotonic() + 30
        while Aggregate.objects.get(kind=KIND).is_pending and time.monotonic() < deadline:
            time.sleep(0.2)
    assert calls == [""]
    assert not Aggregate.objects.get(kind=KIND).is_pending
    assert "Gruppen saknar processledare/processtöd." not in _overview(client, q="Provområde")


@pytest.mark.django_db(transaction=True)
def test_a_write_during_the_recomputation_asks_for_one_more(monkeypatch):
    """The write's request sees a recomputation due and enqueues none; the recomputation, which
    may have taken its snapshot before the write, finds the later request and enqueues one."""
    GroupFactory(kind=GroupKind.NPO)
    aggregates.recompute(KIND)
    _purge_queue()
    assert aggregates.mark_requested(KIND) is True
    assert aggregates.mark_requested(KIND) is False
    spec = aggregates.kind(KIND)
    original = spec.compute
    asked = []

    def with_a_write_meanwhile(key):
        payload = original(key)
        asked.append(aggregates.mark_requested(KIND))
        return payload

    monkeypatch.setattr(spec, "compute", with_a_write_meanwhile)
    before = _queued()
    row = aggregates.recompute(KIND)
    assert asked == [False]
    assert row.is_pending and _queued() == before + 1
    _purge_queue()


@pytest.mark.django_db(transaction=True)
def test_requests_in_one_transaction_are_made_once(django_capture_on_commit_callbacks):
    from django.db import transaction

    with transaction.atomic():
        for _ in range(5):
            aggregates.request(KIND)
        from django.db import connection

        assert len([c for c in connection.run_on_commit if isinstance(c[1], aggregates._Request)]) == 1
    _purge_queue()
