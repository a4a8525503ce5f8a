"""Precomputed aggregates: expensive reads computed by the worker, read by the pages in one query.

A kind (`AggregateKind`) names a function that computes a JSON payload from the live tables and
the models whose writes change it (`inputs`, "app_label.Model"). Apps register their kinds in
their AppConfig.ready() (`register`), like the other extension points: the structure does not
know the apps above it. Then:

- Every write to an input model (save, delete, many-to-many change: services, the admin, imports)
  asks for a recomputation when its transaction commits (`transaction.on_commit`); asking again in
  the same transaction adds nothing.
- The request is deduplicated in the database, not in a process: the row is locked, and a task is
  enqueued only if none is due already (`requested_at` later than the data the row was computed
  from, `as_of`). So a burst of writes gives one recomputation, or two when writes arrive while
  it runs, on any number of web servers and workers. A recomputation that was enqueued but never
  finished (a worker killed, a broker lost) is enqueued again by the next write after
  `STALE_AFTER`, and by the nightly run in any case.
- The task (`tasks.aggregate_recompute`) computes in one REPEATABLE READ transaction, so the
  payload is one consistent picture of the data as of `as_of`, then stores it unless a newer
  result is already there; if a write asked for a recomputation after `as_of`, it enqueues one more.
- Nightly (django-celery-beat entry created by migration 0008) every kind is recomputed, which also
  moves date-dependent results (mandates ending within 90 days) to the new day.
- A page calls `read(kind, key)`: one query. If the row does not exist yet (a fresh install before
  the worker's first run), it computes synchronously once and stores the result, so the page is
  right from the first request; from then on the worker keeps it current.

Writes that bypass the ORM's signals (QuerySet.update, bulk_create) must call `request()` where
they happen, or be of a model that the same service also saves (memberships_bulk_create writes a
RosterChange per group, which is an input of the composition overview).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.fields.json import KeyTransform
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import Aggregate

logger = logging.getLogger(__name__)

#: A recomputation enqueued longer ago than this without finishing is enqueued again.
STALE_AFTER = datetime.timedelta(minutes=10)


@dataclass
class AggregateKind:
    """What is precomputed: `compute(key)` returns the JSON-able payload, reading the live tables
    (in any number of queries: it runs in the worker). `keys()` lists the keys the nightly run
    recomputes; most kinds have one row, key ""."""

    name: str
    compute: Callable[[str], dict]
    inputs: set[str] = field(default_factory=set)
    keys: Callable[[], Iterable[str]] = lambda: ("",)


_kinds: dict[str, AggregateKind] = {}
#: model label -> names of the kinds it is an input of
_inputs: dict[str, set[str]] = {}


def register(kind: AggregateKind) -> AggregateKind:
    """Register a kind (from an AppConfig.ready()); registering a name again replaces it."""
    old = _kinds.get(kind.name)
    _kinds[kind.name] = kind
    inputs = set(kind.inputs) | (old.inputs if old else set())
    kind.inputs = set()
    add_inputs(kind.name, inputs)
    return kind


def add_inputs(name: str, labels: Iterable[str]) -> None:
    """Writes to these models (e.g. an app above adding a composition rule that reads its own
    table) also make the kind stale."""
    kind = _kinds[name]
    for label in labels:
        model = apps.get_model(label)
        kind.inputs.add(model._meta.label)
        _inputs.setdefault(model._meta.label, set()).add(name)
        uid = f"aggregates:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid, weak=False)


def kind(name: str) -> AggregateKind:
    return _kinds[name]


def kinds() -> list[AggregateKind]:
    return list(_kinds.values())


def _changed(sender, **kwargs) -> None:
    for name in _inputs.get(sender._meta.label, ()):
        request(name)


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender)


class _Request:
    """The on-commit callback of a request; equal requests in one transaction are registered once."""

    def __init__(self, name: str, key: str) -> None:
        self.name, self.key = name, key

    def __eq__(self, other) -> bool:
        return isinstance(other, _Request) and (self.name, self.key) == (other.name, other.key)

    def __hash__(self) -> int:
        return hash((self.name, self.key))

    def __call__(self) -> None:
        mark_requested(self.name, self.key)


def request(name: str, key: str = "") -> None:
    """Ask for a recomputation once the current transaction commits (at once outside one)."""
    callback = _Request(name, key)
    if connection.in_atomic_block and any(entry[1] == callback for entry in connection.run_on_commit):
        return
    transaction.on_commit(callback, robust=True)  # a broker down must not fail the write's request


_MARK_REQUESTED = """
WITH now AS (SELECT clock_timestamp() AS t)
INSERT INTO organisation_aggregate AS a (kind, key, payload, inputs, duration_ms, requested_at, enqueued_at)
SELECT %(kind)s, %(key)s, '{}', '{}', 0, now.t, now.t FROM now
ON CONFLICT (kind, key) DO UPDATE SET
    requested_at = EXCLUDED.requested_at,
    enqueued_at = CASE
        WHEN a.requested_at IS NULL OR (a.as_of IS NOT NULL AND a.requested_at <= a.as_of)
            OR a.enqueued_at IS NULL OR a.enqueued_at < EXCLUDED.requested_at - %(stale)s
        THEN EXCLUDED.requested_at
        ELSE a.enqueued_at
    END
RETURNING a.enqueued_at = a.requested_at
"""


def mark_requested(name: str, key: str = "") -> bool:
    """Record the request and enqueue a recomputation unless one is due already (requested
    after the data of the stored result, and enqueued less than STALE_AFTER ago). Runs after the
    write committed. One statement: the upsert locks the row, so the check-and-set is one step
    across every process. Returns whether a task was enqueued."""
    with connection.cursor() as cursor:
        cursor.execute(_MARK_REQUESTED, {"kind": name, "key": key, "stale": STALE_AFTER})
        enqueue = cursor.fetchone()[0]
    if enqueue:
        _enqueue_on_commit(name, key)
    return enqueue


def _enqueue_on_commit(name: str, key: str) -> None:
    from .tasks import aggregate_recompute

    # robust: if the broker is down, the write stands; the next write after STALE_AFTER, or the
    # nightly run, recomputes.
    transaction.on_commit(lambda: aggregate_recompute.delay(name, key), robust=True)


def _locked_row(name: str, key: str) -> Aggregate:
    Aggregate.objects.bulk_create([Aggregate(kind=name, key=key)], ignore_conflicts=True)
    return Aggregate.objects.select_for_update().get(kind=name, key=key)


def _db_now() -> datetime.datetime:
    """The database's clock, the same for every server (statement time, not transaction time)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def recompute(name: str, key: str = "") -> Aggregate:
    """Compute the payload from one consistent snapshot of the data and store it, unless a result
    from newer data is stored already. If a write asked for a recomputation after the snapshot
    was taken, enqueue one more (the write's own request saw this one due and enqueued nothing)."""
    spec = _kinds[name]
    started = time.monotonic()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:  # inside a caller's transaction, its snapshot is the one we get
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            # The first query takes the snapshot: what committed before it started is in it.
            cursor.execute("SELECT statement_timestamp()")
            as_of = cursor.fetchone()[0]
        payload = spec.compute(key)
    duration_ms = round(1000 * (time.monotonic() - started))
    with transaction.atomic():
        row = _locked_row(name, key)
        if row.as_of is None or row.as_of < as_of:
            row.payload = payload
            row.as_of = as_of
            row.computed_at = timezone.now()
            row.duration_ms = duration_ms
            row.inputs = {"inputs": sorted(spec.inputs), "on": timezone.localdate().isoformat()}
            fields = ["payload", "as_of", "computed_at", "duration_ms", "inputs"]
            if row.is_pending:
                row.enqueued_at = _db_now()
                fields.append("enqueued_at")
                _enqueue_on_commit(name, key)
            row.save(update_fields=fields)
    logger.info("aggregate %s %r recomputed in %s ms", name, key, duration_ms)
    return row


def recompute_all() -> dict[str, int]:
    """Every key of every kind (the nightly run): {kind: keys recomputed}."""
    done: dict[str, int] = {}
    for spec in kinds():
        keys = list(spec.keys())
        for key in keys:
            recompute(spec.name, key)
        done[spec.name] = len(keys)
    return done


def read(name: str, key: str = "", *, only: dict[str, tuple[str, ...]] | None = None) -> Aggregate:
    """The stored aggregate (one query). None stored yet: computed now, once, and stored.

    `only` ({attribute: path into the payload}) reads just those parts, as attributes of the row,
    and not the payload itself: a large payload (the overview's findings for thousands of groups)
    is then neither sent nor parsed whole."""
    qs = Aggregate.objects.filter(kind=name, key=key, computed_at__isnull=False)
    if only is not None:
        qs = qs.defer("payload").annotate(**{attr: _path(path) for attr, path in only.items()})
    row = qs.first()
    if row is None:
        recompute(name, key)
        row = qs.first()
    return row


def parts(row: Aggregate, paths: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Parts of a stored payload by path (one query): {attribute: value or None}."""
    if not paths:
        return {}
    aliases = {f"p{i}": attr for i, attr in enumerate(paths)}
    values = (
        Aggregate.objects.filter(pk=row.pk)
        .values(**{alias: _path(paths[attr]) for alias, attr in aliases.items()})
        .first()
        or {}
    )
    return {attr: values.get(alias) for alias, attr in aliases.items()}


def _path(path: tuple[str, ...]):
    expression: Any = "payload"
    for part in path:
        expression = KeyTransform(part, expression)
    return expression
