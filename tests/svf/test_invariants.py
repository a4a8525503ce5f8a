"""A version sent on remiss, decided or published never changes: the services refuse, and so
does the database whatever writes (a QuerySet.update, the admin, a shell). The log is
append-only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from svf import services
from svf.choices import PathwayState as S
from svf.choices import VersionStatus
from svf.models import FlowStep, PathwaySection, PathwayTransition, PathwayVersion

from .conftest import walk_to

pytestmark = pytest.mark.django_db


def _refused(write):
    with pytest.raises(IntegrityError, match="frusen"), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (S.CONSULTATION, VersionStatus.CONSULTATION),
        (S.PUBLISHED, VersionStatus.PUBLISHED),
        (S.DECIDED, VersionStatus.DECIDED),
    ],
)
def test_the_database_refuses_changes_to_a_frozen_version(state, status, pathway, cast):
    walk_to(pathway, state, cast)
    version = PathwayVersion.objects.filter(pathway=pathway, status=status).get()
    step = version.steps.first()
    _refused(lambda: PathwayVersion.objects.filter(pk=version.pk).update(title="Ändrad"))
    _refused(lambda: PathwayVersion.objects.filter(pk=version.pk)._raw_delete("default"))
    _refused(lambda: FlowStep.objects.filter(pk=step.pk).update(title="Ändrad"))
    _refused(lambda: FlowStep.objects.filter(pk=step.pk)._raw_delete("default"))
    _refused(lambda: FlowStep.objects.create(version=version, position=99, letter="Z", title="Nytt"))
    _refused(lambda: PathwaySection.objects.filter(version=version).update(body_markdown="Ändrad"))
    if status != VersionStatus.DECIDED:
        _refused(lambda: PathwayVersion.objects.filter(pk=version.pk).update(status=VersionStatus.DRAFT))


def test_the_service_refuses_too(pathway, cast):
    walk_to(pathway, S.CONSULTATION, cast)
    version = pathway.versions.get()
    with pytest.raises(ValidationError):
        services.version_update(version=version, title="Ändrad")
    version.refresh_from_db()
    assert version.title == "Hjärtsvikt (test)"


def test_a_draft_changes_freely(pathway):
    version = services.open_version(pathway)
    services.version_update(version=version, steps=[("Bara ett steg", "", "")])
    assert [(s.letter, s.title) for s in version.steps.all()] == [("A", "Bara ett steg")]


def test_the_log_is_append_only(pathway):
    entry = PathwayTransition.objects.filter(pathway=pathway).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PathwayTransition.objects.filter(pk=entry.pk).update(comment="Ändrad")
    with pytest.raises(IntegrityError), transaction.atomic():
        PathwayTransition.objects.filter(pk=entry.pk).delete()


def test_markdown_is_sanitised(pathway):
    version = services.open_version(pathway)
    services.version_update(
        version=version,
        steps=[("Steg", "<script>alert(1)</script> [x](javascript:alert(1)) **fet**", "")],
        sections={"omfattning": "<img src=x onerror=alert(1)> text"},
    )
    step = version.steps.get()
    assert "<script" not in step.care_actions_html and 'href="javascript' not in step.care_actions_html
    assert "<strong>fet</strong>" in step.care_actions_html
    assert "<img" not in version.sections.get().body_html


def test_letters_follow_the_order_and_a_step_needs_a_title(pathway):
    version = services.open_version(pathway)
    services.version_update(version=version, steps=[("Ett", "", ""), ("", "", ""), ("Två", "x", "")])
    assert [s.letter for s in version.steps.order_by("position")] == ["A", "B"]
    with pytest.raises(ValidationError):
        services.version_update(version=version, steps=[("", "text utan rubrik", "")])
    assert services.step_letter(26) == "AA"


def test_the_trigger_sql_that_applied_migrations_call_stays_the_same():
    # nkk 0002_invariants and svf 0003_frozen_versions build their SQL with these helpers; an
    # applied migration is not run again, so a changed helper would leave databases apart.
    from nkk.models.versions import append_only_sql, row_trigger_sql

    assert row_trigger_sql("t", table="x", events="INSERT OR UPDATE", function="f") == (
        "CREATE TRIGGER t\n    BEFORE INSERT OR UPDATE ON x\n    FOR EACH ROW EXECUTE FUNCTION f();\n"
    )
    create, drop = append_only_sql("a", table="x", message="Loggen kan inte ändras.")
    assert create == (
        "CREATE FUNCTION a() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n"
        "    RAISE EXCEPTION 'Loggen kan inte ändras.'\n"
        "        USING ERRCODE = 'check_violation', CONSTRAINT = 'a';\nEND\n$$;\n"
        "CREATE TRIGGER a\n    BEFORE UPDATE OR DELETE ON x\n    FOR EACH ROW EXECUTE FUNCTION a();\n"
    )
    assert drop == "DROP TRIGGER a ON x;\nDROP FUNCTION a();\n"
