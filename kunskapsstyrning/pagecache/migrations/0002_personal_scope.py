"""A second scope of change: writes to personal tables (notices, one's own settings, keys).

The change rows get a scope; the same trigger function records either, by its argument. Pages
of a logged-in user are keyed by both numbers, anonymous pages by the content number alone, so
a notice read by one person empties no anonymous page.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE pagecache_change ADD COLUMN scope text NOT NULL DEFAULT 'content';
ALTER TABLE pagecache_change DROP CONSTRAINT pagecache_change_pkey;
ALTER TABLE pagecache_change ADD PRIMARY KEY (xid, scope);
ALTER TABLE pagecache_version ADD COLUMN personal_folded bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION pagecache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    me text := txid_current()::text;
    scope text := CASE WHEN TG_NARGS > 0 THEN TG_ARGV[0] ELSE 'content' END;
BEGIN
    IF current_setting('pagecache.changed_' || scope, true) IS DISTINCT FROM me THEN
        INSERT INTO pagecache_change (xid, scope) VALUES (me::bigint, scope) ON CONFLICT DO NOTHING;
        PERFORM set_config('pagecache.changed_' || scope, me, true);
    END IF;
    RETURN NULL;
END
$$;
"""

BACKWARD = """
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT c.relname, tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
             WHERE tg.tgname LIKE 'pagecache_personal%' LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t.tgname, t.relname);
    END LOOP;
END
$$;
DELETE FROM pagecache_change WHERE scope <> 'content';
ALTER TABLE pagecache_change DROP CONSTRAINT pagecache_change_pkey;
ALTER TABLE pagecache_change DROP COLUMN scope;
ALTER TABLE pagecache_change ADD PRIMARY KEY (xid);
ALTER TABLE pagecache_version DROP COLUMN personal_folded;

CREATE OR REPLACE FUNCTION pagecache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
