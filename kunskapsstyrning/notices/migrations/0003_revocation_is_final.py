from django.db import migrations

# Revocation is final: once revoked_at is set, no UPDATE may clear or change it (a revoked,
# perhaps leaked, calendar address must never work again). A new address is a new feed.
SQL = """
CREATE FUNCTION notices_calendarfeed_revocation_is_final() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'En återkallad kalenderadress kan inte återupplivas.'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'notices_calendarfeed_revocation_is_final';
END
$$;

CREATE TRIGGER notices_calendarfeed_revocation_is_final
    BEFORE UPDATE OF revoked_at ON notices_calendarfeed
    FOR EACH ROW WHEN (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at)
    EXECUTE FUNCTION notices_calendarfeed_revocation_is_final();
"""

REVERSE_SQL = """
DROP TRIGGER notices_calendarfeed_revocation_is_final ON notices_calendarfeed;
DROP FUNCTION notices_calendarfeed_revocation_is_final();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_audit"),
    ]

    operations = [
        migrations.RunSQL(SQL, REVERSE_SQL),
    ]
