from django.db import migrations

from nkk.models.versions import append_only_sql, row_trigger_sql

NKK_PUBLISHED_VERSION_IS_FINAL = row_trigger_sql(
    "nkk_published_version_is_final",
    table="nkk_recommendationversion",
    events="UPDATE OR DELETE",
    function="nkk_published_version_is_final",
)
NKK_PUBLISHED_SECTION_IS_FINAL = row_trigger_sql(
    "nkk_published_section_is_final",
    table="nkk_recommendationsection",
    events="INSERT OR UPDATE OR DELETE",
    function="nkk_published_parts_are_final",
)
NKK_PUBLISHED_REPLACEMENT_IS_FINAL = row_trigger_sql(
    "nkk_published_replacement_is_final",
    table="nkk_versionreplacement",
    events="INSERT OR UPDATE OR DELETE",
    function="nkk_published_parts_are_final",
)
APPEND_ONLY, DROP_APPEND_ONLY = append_only_sql(
    "nkk_transition_log_is_append_only",
    table="nkk_transitionrecord",
    message="Arbetsflödets logg kan inte ändras eller raderas.",
)

# The version pairs of nkk.workflow.TRANSITIONS (withdraw and merge act on the recommendation).
# tests/nkk/test_invariants.py checks that this list and the table agree.
ALLOWED_VERSION_PAIRS = [
    ("utkast", "npo_godkannande"),
    ("npo_godkannande", "granskningsrunda_1"),
    ("npo_godkannande", "utkast"),
    ("granskningsrunda_1", "npo_godkannande_2"),
    ("granskningsrunda_1", "utkast"),
    ("npo_godkannande_2", "granskningsrunda_2"),
    ("npo_godkannande_2", "utkast"),
    ("granskningsrunda_2", "npo_godkannande_3"),
    ("granskningsrunda_2", "utkast"),
    ("npo_godkannande_3", "godkand"),
    ("npo_godkannande_3", "utkast"),
    ("godkand", "planerad"),
    ("godkand", "utkast"),
    ("planerad", "godkand"),
    ("planerad", "utkast"),
    ("planerad", "publicerad"),
]
_PAIRS = ", ".join(f"('{a}', '{b}')" for a, b in ALLOWED_VERSION_PAIRS)

SQL = f"""
-- A published version never changes and is never deleted.
CREATE FUNCTION nkk_published_version_is_final() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'publicerad' THEN
        RAISE EXCEPTION 'En publicerad version kan inte ändras.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'nkk_published_version_is_final';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    IF NEW.state <> OLD.state AND (OLD.state, NEW.state) NOT IN ({_PAIRS}) THEN
        RAISE EXCEPTION 'Övergången från % till % finns inte i arbetsflödet.', OLD.state, NEW.state
            USING ERRCODE = 'check_violation', CONSTRAINT = 'nkk_version_state_transition';
    END IF;
    RETURN NEW;
END
$$;
{NKK_PUBLISHED_VERSION_IS_FINAL}
-- Nor do its sections or what it replaced.
CREATE FUNCTION nkk_published_parts_are_final() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN v_id := NEW.version_id; ELSE v_id := OLD.version_id; END IF;
    IF (SELECT state FROM nkk_recommendationversion WHERE id = v_id) = 'publicerad'
       OR (TG_OP = 'UPDATE' AND (SELECT state FROM nkk_recommendationversion WHERE id = NEW.version_id) = 'publicerad') THEN
        RAISE EXCEPTION 'En publicerad version kan inte ändras.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'nkk_published_version_is_final';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;
{NKK_PUBLISHED_SECTION_IS_FINAL}{NKK_PUBLISHED_REPLACEMENT_IS_FINAL}
-- The workflow log is append-only.
{APPEND_ONLY}"""

REVERSE_SQL = f"""
{DROP_APPEND_ONLY}DROP TRIGGER nkk_published_replacement_is_final ON nkk_versionreplacement;
DROP TRIGGER nkk_published_section_is_final ON nkk_recommendationsection;
DROP FUNCTION nkk_published_parts_are_final();
DROP TRIGGER nkk_published_version_is_final ON nkk_recommendationversion;
DROP FUNCTION nkk_published_version_is_final();
"""


class Migration(migrations.Migration):
    dependencies = [("nkk", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
