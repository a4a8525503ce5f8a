"""Person search that ignores case and diacritics ("teststrom" finds Testström).

unaccent() is only STABLE (its dictionary could change), so it cannot be used in an index;
the wrapper names the dictionary explicitly and is declared IMMUTABLE, the usual way to index
it. ks_person_key() is the text the search matches: " " + the full name, folded (hyphens as
spaces, no diacritics, lower case), so that " anna" matches the start of any name part. lower()
only knows ASCII under a C ctype; unaccent() runs first, so Å/Ä/Ö are already A/A/O by then.
A trigram index on the key serves the search's LIKE '% word%'.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.ks_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, translate($1, '-', ' '))) $$;
CREATE OR REPLACE FUNCTION public.ks_person_key(text, text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ' ' || public.ks_fold($1 || ' ' || $2) $$;
CREATE INDEX organisation_person_search_key
    ON organisation_person USING gin (public.ks_person_key(first_name, last_name) gin_trgm_ops);
"""

REVERSE = """
DROP INDEX IF EXISTS organisation_person_search_key;
DROP FUNCTION IF EXISTS public.ks_person_key(text, text);
DROP FUNCTION IF EXISTS public.ks_fold(text);
"""


class Migration(migrations.Migration):
    dependencies = [("organisation", "0004_audit")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(FUNCTIONS, REVERSE),
    ]
