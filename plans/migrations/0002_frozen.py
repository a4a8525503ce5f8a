from django.db import migrations

# An approved plan is frozen, whatever writes to it (a service, the admin, a shell, raw SQL):
# no UPDATE or DELETE of an approved plan, and no INSERT, UPDATE or DELETE of its initiatives
# or of their co-operating groups. Later changes are a new revision. TRUNCATE (the test
# suite's flush) fires no row triggers.
FROZEN_SQL = """
CREATE FUNCTION plans_planyear_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'godkand' THEN
        RAISE EXCEPTION 'En godkänd verksamhetsplan är låst; ändringar görs i en ny revision.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plans_planyear_frozen';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER plans_planyear_frozen
    BEFORE UPDATE OR DELETE ON plans_planyear
    FOR EACH ROW EXECUTE FUNCTION plans_planyear_frozen();

CREATE FUNCTION plans_plan_is_open(plan_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT state FROM plans_planyear WHERE id = plan_id FOR SHARE) = 'godkand' THEN
        RAISE EXCEPTION 'En godkänd verksamhetsplan är låst; ändringar görs i en ny revision.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plans_planyear_frozen';
    END IF;
END
$$;

CREATE FUNCTION plans_initiative_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM plans_plan_is_open(OLD.plan_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM plans_plan_is_open(NEW.plan_id);
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER plans_initiative_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON plans_initiative
    FOR EACH ROW EXECUTE FUNCTION plans_initiative_frozen();

CREATE FUNCTION plans_cooperation_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM plans_plan_is_open((SELECT plan_id FROM plans_initiative WHERE id = OLD.initiative_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM plans_plan_is_open((SELECT plan_id FROM plans_initiative WHERE id = NEW.initiative_id));
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER plans_cooperation_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON plans_initiative_cooperating_groups
    FOR EACH ROW EXECUTE FUNCTION plans_cooperation_frozen();
"""

FROZEN_REVERSE_SQL = """
DROP TRIGGER plans_cooperation_frozen ON plans_initiative_cooperating_groups;
DROP FUNCTION plans_cooperation_frozen();
DROP TRIGGER plans_initiative_frozen ON plans_initiative;
DROP FUNCTION plans_initiative_frozen();
DROP FUNCTION plans_plan_is_open(bigint);
DROP TRIGGER plans_planyear_frozen ON plans_planyear;
DROP FUNCTION plans_planyear_frozen();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FROZEN_SQL, FROZEN_REVERSE_SQL),
    ]
