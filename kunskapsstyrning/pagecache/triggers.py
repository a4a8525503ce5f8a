"""Which tables count as content, and the triggers that record a change to them.

Every table in the database gets the triggers, except those in EXCLUDED, each with the reason
no anonymous page reads it. A table that a later migration adds is covered at the end of that
`migrate` (post_migrate), without a line here: forgetting to list a table costs cache hits,
never correctness. Listing one that an anonymous page does read would serve stale pages, so
a table goes into EXCLUDED only with a reason, and tests/pagecache checks the list.
"""

from django.db import connection

#: Tables no page that an anonymous visitor can see reads, and why. Their writes (log-ins,
#: the worker's outbox, beat's bookkeeping) would otherwise empty the cache all day long.
EXCLUDED: dict[str, str] = {
    "django_session": "inloggade sessioner; en anonym begäran har ingen",
    "django_migrations": "migreringarnas logg",
    "django_admin_log": "administrationens logg, bara för personal",
    "axes_accessattempt": "inloggningsförsök (django-axes)",
    "axes_accessattemptexpiration": "inloggningsförsök (django-axes)",
    "axes_accessfailurelog": "inloggningsförsök (django-axes)",
    "axes_accesslog": "inloggningar (django-axes)",
    "otp_totp_totpdevice": "andra faktorn; räknaren skrivs vid varje inloggning",
    "django_celery_beat_periodictask": "beat skriver senaste körning vid varje körning",
    "django_celery_beat_periodictasks": "beat:s ändringsmarkör",
    "django_celery_beat_crontabschedule": "beat:s scheman",
    "django_celery_beat_intervalschedule": "beat:s scheman",
    "django_celery_beat_solarschedule": "beat:s scheman",
    "django_celery_beat_clockedschedule": "beat:s scheman",
    "notices_notice": "notiser och utkorg: personliga, skrivs av workern",
    "notices_digest": "sammandrag och utkorg: personliga, skrivs av workern",
    "notices_preference": "personliga inställningar för notiser",
    "notices_preferenceevent": "historik för personliga inställningar",
    "notices_calendarfeed": "personliga kalenderadresser (iCal, inte HTML)",
    "notices_calendarfeedevent": "historik för kalenderadresser",
    "accounts_usersession": "inloggade sessioner",
    "accounts_passwordresetrequest": "anonyma förfrågningar om nytt lösenord",
    "accounts_oidcidentity": "koppling till organisationens inloggning",
    "api_apitoken": "API-nycklar; senast använd skrivs vid API-anrop",
    "api_apitokenevent": "historik för API-nycklar",
    "pghistory_context": "granskningsloggens kontext (vem, vilken adress), bara i administrationen",
}

#: Columns whose change alone is no content change: an UPDATE that only touches them records
#: nothing. (auth_user.last_login is written at every log-in.)
IGNORED_COLUMNS: dict[str, tuple[str, ...]] = {
    "auth_user": ("last_login",),
    # A precomputed aggregate's request bookkeeping, written after every input change: only its
    # result (payload, computed_at) is content. The pages' "being recomputed" note can therefore
    # lag in a cached page until the result lands, which then empties the cache.
    "organisation_aggregate": ("requested_at", "enqueued_at"),
}

OWN_TABLES = ("pagecache_version", "pagecache_change")
#: Bump the suffix when the triggers' definition changes: the installer only adds missing names.
ROW_TRIGGER = "pagecache_changed_v1"
UPDATE_TRIGGER = "pagecache_changed_update_v1"
TRUNCATE_TRIGGER = "pagecache_truncated_v1"


def wanted(table: str) -> dict[str, str]:
    """The triggers `table` should have: name → CREATE statement."""
    quoted = connection.ops.quote_name(table)
    ignored = IGNORED_COLUMNS.get(table)
    statements = {
        TRUNCATE_TRIGGER: (
            f"CREATE TRIGGER {TRUNCATE_TRIGGER} AFTER TRUNCATE ON {quoted} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pagecache_changed()"
        ),
    }
    if ignored:
        minus = " - ".join(["{}", *(f"'{column}'::text" for column in ignored)])
        old, new = minus.format("to_jsonb(OLD)"), minus.format("to_jsonb(NEW)")
        statements[ROW_TRIGGER] = (
            f"CREATE TRIGGER {ROW_TRIGGER} AFTER INSERT OR DELETE ON {quoted} "
            "FOR EACH ROW EXECUTE FUNCTION pagecache_changed()"
        )
        statements[UPDATE_TRIGGER] = (
            f"CREATE TRIGGER {UPDATE_TRIGGER} AFTER UPDATE ON {quoted} FOR EACH ROW "
            f"WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION pagecache_changed()"
        )
    else:
        statements[ROW_TRIGGER] = (
            f"CREATE TRIGGER {ROW_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
            "FOR EACH ROW EXECUTE FUNCTION pagecache_changed()"
        )
    return statements


def content_tables() -> list[str]:
    """Every table of the schema that counts as content (views and partitions' parents aside)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
    return sorted(t for t in tables if t not in EXCLUDED and t not in OWN_TABLES)


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
    for table in content_tables():
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
