"""Which tables count as content or as personal, and the triggers that record a change to them.

Every table in the database gets the content triggers, except those in PERSONAL (personal
triggers: only logged-in pages depend on them) and those in EXCLUDED (none: no cached page
reads them), each with its reason. A table that a later migration adds is covered as content at
the end of that `migrate` (post_migrate), without a line here: forgetting to list a table costs
cache hits, never correctness. Listing one that a cached page does read would serve stale
pages, so a table is listed only with a reason, and tests/pagecache checks the lists.
"""

from django.db import connection

#: Tables no page reads, and why (the admin, never cached, aside). Their writes (log-ins, beat's
#: bookkeeping) would otherwise empty the cache all day long.
EXCLUDED: dict[str, str] = {
    "django_session": "sessioner; en inloggad sida har sessionens nyckel och innehåll i sin nyckel",
    "django_migrations": "migreringarnas logg",
    "django_admin_log": "administrationens logg, bara i administrationen (som aldrig cachas)",
    "axes_accessattempt": "inloggningsförsök (django-axes)",
    "axes_accessattemptexpiration": "inloggningsförsök (django-axes)",
    "axes_accessfailurelog": "inloggningsförsök (django-axes)",
    "axes_accesslog": "inloggningar (django-axes)",
    "django_celery_beat_periodictask": "beat skriver senaste körning vid varje körning",
    "django_celery_beat_periodictasks": "beat:s ändringsmarkör",
    "django_celery_beat_crontabschedule": "beat:s scheman",
    "django_celery_beat_intervalschedule": "beat:s scheman",
    "django_celery_beat_solarschedule": "beat:s scheman",
    "django_celery_beat_clockedschedule": "beat:s scheman",
    "accounts_passwordresetrequest": "anonyma förfrågningar om nytt lösenord, visas ingenstans",
    "pghistory_context": "granskningsloggens kontext, skrivs bara tillsammans med en händelse (innehåll)",
}

#: Tables only a logged-in person's own pages read: a write to them is a personal change, which
#: empties the cached pages of logged-in users (keyed by both numbers) but no anonymous page.
PERSONAL: dict[str, str] = {
    "notices_notice": "notiser; antalet olästa står i sidhuvudet för inloggade",
    "notices_digest": "sammandrag och utkorg",
    "notices_preference": "personliga inställningar för notiser",
    "notices_preferenceevent": "historik för personliga inställningar",
    "notices_calendarfeed": "personliga kalenderadresser",
    "notices_calendarfeedevent": "historik för kalenderadresser",
    "accounts_usersession": "ens inloggningar",
    "accounts_oidcidentity": "koppling till organisationens inloggning",
    "api_apitoken": "API-nycklar",
    "api_apitokenevent": "historik för API-nycklar",
    "otp_totp_totpdevice": "andra faktorn",
}

#: Columns whose change alone is no content change: an UPDATE that only touches them records
#: nothing. (auth_user.last_login is written at every log-in.)
IGNORED_COLUMNS: dict[str, tuple[str, ...]] = {
    "auth_user": ("last_login",),
    # A precomputed aggregate's request bookkeeping, written after every input change: only its
    # result (payload, computed_at) is content. The pages' "being recomputed" note can therefore
    # lag in a cached page until the result lands, which then empties the cache.
    "organisation_aggregate": ("requested_at", "enqueued_at"),
    # Written at API calls (at most once a minute per key); no page shows it to the minute.
    "api_apitoken": ("last_used_at",),
    # The second factor's counters, written at every log-in.
    "otp_totp_totpdevice": (
        "last_t",
        "drift",
        "throttling_failure_timestamp",
        "throttling_failure_count",
        "last_used_at",
    ),
}

OWN_TABLES = ("pagecache_version", "pagecache_change")
#: Bump the suffix when the triggers' definition changes: the installer only adds missing names.
#: Trigger names per scope: (row, update, truncate). Bump the suffix when a definition changes.
NAMES = {
    "content": ("pagecache_changed_v1", "pagecache_changed_update_v1", "pagecache_truncated_v1"),
    "personal": ("pagecache_personal_v1", "pagecache_personal_update_v1", "pagecache_personal_truncated_v1"),
}
ROW_TRIGGER, UPDATE_TRIGGER, TRUNCATE_TRIGGER = NAMES["content"]


def scope(table: str) -> str | None:
    """Which change a write to `table` is: "content", "personal", or None (not recorded)."""
    if table in EXCLUDED or table in OWN_TABLES:
        return None
    return "personal" if table in PERSONAL else "content"


def wanted(table: str) -> dict[str, str]:
    """The triggers `table` should have: name → CREATE statement."""
    kind = scope(table)
    if kind is None:
        return {}
    row, update, truncate = NAMES[kind]
    function = "pagecache_changed()" if kind == "content" else f"pagecache_changed('{kind}')"
    quoted = connection.ops.quote_name(table)
    ignored = IGNORED_COLUMNS.get(table)
    statements = {
        truncate: (
            f"CREATE TRIGGER {truncate} AFTER TRUNCATE ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {function}"
        ),
    }
    if ignored:
        minus = " - ".join(["{}", *(f"'{column}'::text" for column in ignored)])
        old, new = minus.format("to_jsonb(OLD)"), minus.format("to_jsonb(NEW)")
        statements[row] = (
            f"CREATE TRIGGER {row} AFTER INSERT OR DELETE ON {quoted} FOR EACH ROW EXECUTE FUNCTION {function}"
        )
        statements[update] = (
            f"CREATE TRIGGER {update} AFTER UPDATE ON {quoted} FOR EACH ROW "
            f"WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION {function}"
        )
    else:
        statements[row] = (
            f"CREATE TRIGGER {row} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}"
        )
    return statements


def recorded_tables() -> list[str]:
    """Every table of the schema whose writes are recorded, content or personal."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
    return sorted(t for t in tables if scope(t) is not None)


def content_tables() -> list[str]:
    """Every table of the schema that counts as content (views and partitions' parents aside)."""
    return [t for t in recorded_tables() if scope(t) == "content"]


def installed() -> dict[str, set[str]]:
    """Our triggers that exist now, per table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, t.tgname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgname LIKE 'pagecache\\_%%'
              AND c.relnamespace = current_schema()::regnamespace
            """
        )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    return found


def ready() -> bool:
    """Whether 0001 has run (not when migrating backwards past it, or before it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pagecache_version') IS NOT NULL")
        return cursor.fetchone()[0]


def install() -> int:
    """Add the missing triggers and drop ours from excluded tables; returns how many changed."""
    if not ready():
        return 0
    present = installed()
    statements = []
    for table in recorded_tables():
        have = present.pop(table, set())
        want = wanted(table)
        quoted = connection.ops.quote_name(table)
        statements += [f"DROP TRIGGER {name} ON {quoted}" for name in sorted(have - want.keys())]
        statements += [sql for name, sql in want.items() if name not in have]
    for table, names in present.items():  # excluded now, or our own tables
        quoted = connection.ops.quote_name(table)
        statements += [f"DROP TRIGGER {name} ON {quoted}" for name in sorted(names)]
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return len(statements)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    if using != connection.alias:
        return
    if ready():
        from .version import fold

        install()
        fold()
