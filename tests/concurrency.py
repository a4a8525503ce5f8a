"""Two writers whose transactions overlap, deterministically.

Starting two threads at a barrier rarely makes their transactions overlap: each is a few
milliseconds long, and the first often commits before the second begins, so a missing lock goes
unnoticed. Here the first action runs in the main thread inside an open transaction; the second
starts in another thread and the first commits only once PostgreSQL shows the second waiting for
a lock (or after a few seconds, if nothing makes it wait: then both run as if unlocked).
"""

import threading
import time

from django.db import connection, transaction


def _someone_waits() -> bool:
    with connection.cursor() as cursor:
        # Only this database: other xdist workers' test databases share the server.
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND a.datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def overlapping(first, second, *, refused: tuple[type[Exception], ...], patience: float = 5.0) -> list[str]:
    """Run `second` while `first`'s transaction is open; "ok" or "refused" per action, sorted.

    An exception not in `refused` is not swallowed into the list: its outcome is missing and the
    caller's assertion fails.
    """
    outcomes: list[str] = []

    def attempt(action):
        try:
            action()
            outcomes.append("ok")
        except refused:
            outcomes.append("refused")

    def in_thread():
        try:
            attempt(second)
        finally:
            connection.close()

    thread = threading.Thread(target=in_thread)
    with transaction.atomic():
        attempt(first)
        thread.start()
        deadline = time.monotonic() + patience
        while thread.is_alive() and not _someone_waits() and time.monotonic() < deadline:
            time.sleep(0.02)
    thread.join(timeout=30)
    return sorted(outcomes)
