"""The content version's two tables and the trigger function (the triggers: triggers.py).

Not Django models on purpose: `flush` (the tests' transactional clean-up, `manage.py flush`)
truncates only the models' tables, so the version survives it and only moves forwards; the
TRUNCATE triggers on the flushed tables record the flush as a change.
"""

from django.db import migrations

CREATE = """
CREATE TABLE pagecache_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    epoch uuid NOT NULL DEFAULT gen_random_uuid(),
    folded bigint NOT NULL DEFAULT 0,
    folded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO pagecache_version (id) VALUES (1);

CREATE TABLE pagecache_change (
    xid bigint PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- One row per committed transaction that wrote to a page table; the first write of the
-- transaction inserts it, the rest only compare a transaction-local setting.
CREATE FUNCTION pagecache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    me text := txid_current()::text;
BEGIN
    IF current_setting('pagecache.changed_in', true) IS DISTINCT FROM me THEN
        INSERT INTO pagecache_change (xid) VALUES (me::bigint) ON CONFLICT (xid) DO NOTHING;
        PERFORM set_config('pagecache.changed_in', me, true);
    END IF;
    RETURN NULL;
END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS pagecache_changed() CASCADE;
DROP TABLE IF EXISTS pagecache_change;
DROP TABLE IF EXISTS pagecache_version;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(CREATE, DROP)]
