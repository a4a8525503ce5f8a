"""Reading the content version: one query; folding the change rows now and then."""

import dataclasses
import datetime

from django.db import connection

#: Change rows kept before a reader folds them into the count (a count over a short table).
FOLD_AFTER = 200

READ = """
SELECT v.epoch::text, v.folded + c.n, v.personal_folded + c.p, greatest(v.folded_at, c.at), c.n + c.p
FROM pagecache_version v,
     LATERAL (
        SELECT count(*) FILTER (WHERE scope = 'content') AS n,
               count(*) FILTER (WHERE scope = 'personal') AS p,
               max(at) FILTER (WHERE scope = 'content') AS at
        FROM pagecache_change
     ) c
WHERE v.id = 1
"""

# Atomic: a reader sees the rows before or the sum after, the same number either way. Rows of
# transactions not yet committed are not visible to the DELETE and stay for the next fold.
FOLD = """
WITH gone AS (DELETE FROM pagecache_change RETURNING at, scope)
UPDATE pagecache_version
SET folded = folded + (SELECT count(*) FROM gone WHERE scope = 'content'),
    personal_folded = personal_folded + (SELECT count(*) FROM gone WHERE scope = 'personal'),
    folded_at = greatest(folded_at, (SELECT max(at) FROM gone WHERE scope = 'content'))
WHERE id = 1
"""


@dataclasses.dataclass(frozen=True)
class Version:
    epoch: str  # new for every database: a restored or recreated one never reuses a number
    number: int  # committed transactions that changed content, ever
    changed_at: datetime.datetime  # when the last of them wrote (not its commit)
    pending: int = 0  # change rows not yet folded
    personal: int = 0  # committed transactions that changed a personal table (triggers.PERSONAL)

    @property
    def needs_fold(self) -> bool:
        return self.pending > FOLD_AFTER

    def __str__(self) -> str:
        return f"{self.epoch}:{self.number}"

    @property
    def with_personal(self) -> str:
        """The key of what a logged-in user sees: content and the personal tables."""
        return f"{self}:{self.personal}"


def current() -> Version | None:
    """The version now, read in one statement (one snapshot); None without the tables."""
    with connection.cursor() as cursor:
        cursor.execute(READ)
        row = cursor.fetchone()
        if row is None:
            return None
    epoch, number, personal, changed_at, pending = row
    return Version(epoch=epoch, number=number, changed_at=changed_at, pending=pending, personal=personal)


def current_with(sql: str, params: list) -> tuple[Version | None, tuple | None]:
    """The version and the first row of `sql` (whose first column is never null), in one
    statement: for a caller that must look something up before it may use the cache (a session,
    an API key), at the cost of one round trip."""
    with connection.cursor() as cursor:
        # Both parts are SQL the code wrote (READ, the caller's constant); values are params.
        cursor.execute(f"SELECT * FROM ({READ}) v LEFT JOIN LATERAL ({sql} LIMIT 1) x ON true", params)  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None, None
    epoch, number, personal, changed_at, pending, *extra = row
    found = None if extra[0] is None else tuple(extra)
    return Version(epoch=epoch, number=number, changed_at=changed_at, pending=pending, personal=personal), found


def fold() -> None:
    """Fold the change rows into the count (the page cache does it after a miss, migrate too)."""
    with connection.cursor() as cursor:
        cursor.execute(FOLD)
