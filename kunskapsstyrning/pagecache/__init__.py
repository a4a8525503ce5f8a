"""The page cache: what visitors see, served again until the content changes.

**The content version lives in PostgreSQL and the database keeps it.** Every table except a
short list of tables no anonymous page reads (triggers.EXCLUDED: sessions, log-in attempts,
the worker's outbox, beat's bookkeeping …) has a row trigger (insert, update, delete) and a
TRUNCATE trigger. The first write of a transaction inserts one row, keyed by its transaction
id, into `pagecache_change`; its later writes only compare a transaction-local setting. The
version is `folded + count(pagecache_change)`: the number of committed transactions that ever
changed content. Now and then the rows are folded into `folded` in one statement, which keeps
the sum.

Why that makes the cache exact: the change row is written by the same transaction as the data,
so it becomes visible at the same instant, or never (a rollback takes both). A request reads
the version (one statement, one snapshot) BEFORE it renders; every query of the rendering
starts later and sees at least every transaction that version counts. So a page stored under
version N shows at least the writes N counts: old content can never be stored under a new
version. (A page rendered while a write commits may be newer than N says; it is only ever
served to requests that read N before that commit, which were concurrent with it anyway.) Two
readers with the same number saw the same set of committed writers, since the set only grows.
Any write is covered: services, the admin, `QuerySet.update()`, raw SQL, psql, the worker, and
every process and server, with no hook in Python to forget.

Why rows in a table rather than one counter row: an UPDATE of one shared row would serialise
every writer on it until commit (a long import would block every other edit), and, deferred to
commit time, could deadlock against the deferred foreign-key checks Django's constraints run
then (a writer holding the counter waits for a row that a roster edit holds FOR UPDATE while
the roster edit waits for the counter). Inserting a row of one's own locks nothing anyone else
needs, and works under any isolation level.

The key of a page is: the code (release.py), the version with the database's epoch (a
recreated database never reuses a number), scheme, host, path with query string, language
(the language cookie) and today's date in Stockholm (what is "current" changes at midnight
without a write). Only anonymous requests (no cookie but CSRF and language; no Authorization)
use the cache; only responses that are 200 text/html, set no cookie, used no CSRF token and do
not say private/no-store are stored. A view opts out with decorators.never_page_cached.

HTTP: a cacheable response carries a weak ETag derived from the key, `Cache-Control: public,
no-cache` (keep it, but ask first) and `Vary: Cookie`; If-None-Match is answered 304 after the
version query alone. Everything else this middleware passes gets `Cache-Control: private`
unless the view said otherwise.

Logged-in pages are kept per session: the key adds a digest of the session's key and content
(read with the version in one query), the CSRF cookie's secret (the forms' tokens are made from it) and a second
number, personal changes, which the tables in triggers.PERSONAL (notices, one's settings, keys)
count instead of the content number: a notice read empties logged-in pages, no anonymous one.
Only responses whose view set no Cache-Control, with no messages and no new cookie are kept.

This package sits at the bottom of the layers: it imports no app, and no app needs to know it.
"""
