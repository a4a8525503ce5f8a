from django.db import migrations

SQL = """
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
CREATE TRIGGER svf_version_is_frozen
    BEFORE UPDATE OR DELETE ON svf_pathwayversion
    FOR EACH ROW EXECUTE FUNCTION svf_version_is_frozen();

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
CREATE TRIGGER svf_flowstep_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON svf_flowstep
    FOR EACH ROW EXECUTE FUNCTION svf_version_parts_are_frozen();
CREATE TRIGGER svf_pathwaysection_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON svf_pathwaysection
    FOR EACH ROW EXECUTE FUNCTION svf_version_parts_are_frozen();

-- The lifecycle log is append-only.
CREATE FUNCTION svf_transition_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Vårdförloppets logg kan inte ändras eller raderas.'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'svf_transition_log_is_append_only';
END
$$;
CREATE TRIGGER svf_transition_log_is_append_only
    BEFORE UPDATE OR DELETE ON svf_pathwaytransition
    FOR EACH ROW EXECUTE FUNCTION svf_transition_log_is_append_only();
"""

REVERSE_SQL = """
DROP TRIGGER svf_transition_log_is_append_only ON svf_pathwaytransition;
DROP FUNCTION svf_transition_log_is_append_only();
DROP TRIGGER svf_pathwaysection_is_frozen ON svf_pathwaysection;
DROP TRIGGER svf_flowstep_is_frozen ON svf_flowstep;
DROP FUNCTION svf_version_parts_are_frozen();
DROP TRIGGER svf_version_is_frozen ON svf_pathwayversion;
DROP FUNCTION svf_version_is_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("svf", "0002_versions")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
