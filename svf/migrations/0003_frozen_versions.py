from django.db import migrations

from nkk.models.versions import append_only_sql, row_trigger_sql

SVF_VERSION_IS_FROZEN = row_trigger_sql(
    "svf_version_is_frozen", table="svf_pathwayversion", events="UPDATE OR DELETE", function="svf_version_is_frozen"
)
SVF_FLOWSTEP_IS_FROZEN = row_trigger_sql(
    "svf_flowstep_is_frozen",
    table="svf_flowstep",
    events="INSERT OR UPDATE OR DELETE",
    function="svf_version_parts_are_frozen",
)
SVF_PATHWAYSECTION_IS_FROZEN = row_trigger_sql(
    "svf_pathwaysection_is_frozen",
    table="svf_pathwaysection",
    events="INSERT OR UPDATE OR DELETE",
    function="svf_version_parts_are_frozen",
)
APPEND_ONLY, DROP_APPEND_ONLY = append_only_sql(
    "svf_transition_log_is_append_only",
    table="svf_pathwaytransition",
    message="Vårdförloppets logg kan inte ändras eller raderas.",
)

SQL = f"""
-- A version sent on remiss, decided by SKS or published never changes and is never deleted;
-- the only change allowed is beslutad -> publicerad (with its publishing time).
CREATE FUNCTION svf_version_is_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'utkast' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'beslutad' AND NEW.status = 'publicerad'
       AND NEW.title = OLD.title AND NEW.number = OLD.number AND NEW.pathway_id = OLD.pathway_id
       AND NEW.change_note = OLD.change_note AND NEW.decided_on IS NOT DISTINCT FROM OLD.decided_on THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Versionen är frusen och kan inte ändras.'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'svf_version_is_frozen';
END
$$;
{SVF_VERSION_IS_FROZEN}
-- Nor do its steps or sections.
CREATE FUNCTION svf_version_parts_are_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND (SELECT status FROM svf_pathwayversion WHERE id = OLD.version_id) <> 'utkast')
       OR (TG_OP <> 'DELETE' AND (SELECT status FROM svf_pathwayversion WHERE id = NEW.version_id) <> 'utkast') THEN
        RAISE EXCEPTION 'Versionen är frusen och kan inte ändras.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'svf_version_is_frozen';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$;
{SVF_FLOWSTEP_IS_FROZEN}{SVF_PATHWAYSECTION_IS_FROZEN}
-- The lifecycle log is append-only.
{APPEND_ONLY}"""

REVERSE_SQL = f"""
{DROP_APPEND_ONLY}DROP TRIGGER svf_pathwaysection_is_frozen ON svf_pathwaysection;
DROP TRIGGER svf_flowstep_is_frozen ON svf_flowstep;
DROP FUNCTION svf_version_parts_are_frozen();
DROP TRIGGER svf_version_is_frozen ON svf_pathwayversion;
DROP FUNCTION svf_version_is_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("svf", "0002_versions")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
