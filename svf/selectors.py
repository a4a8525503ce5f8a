"""Reads of the vårdförlopp shaped for a fixed number of queries, whatever the number of
pathways, versions, steps or consultation answers."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from nkk.consultations.choices import Position
from nkk.consultations.models import Answer, ConsultationRound
from nkk.diff import SectionDiff, diff_text

from .choices import SectionKind, VersionStatus
from .models import CarePathway, FlowStep, PathwaySection, PathwayTransition, PathwayVersion


def _published():
    return PathwayVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-number")


def pathway_list() -> list[CarePathway]:
    """Every vårdförlopp with what the public list shows and nothing else: its NPOs' names (as
    `npo_names`) and its latest published version (as `published`, a list of at most one),
    three queries for any number. The list shows every pathway, so the NPOs and the versions
    are read for all of them at once, without a list of ids to send, and only their columns
    that are shown."""
    pathways = list(CarePathway.objects.only("pk", "name", "slug", "state").order_by("name"))
    npos: dict[int, list[str]] = {}
    through = CarePathway.responsible_npos.through
    for pathway_id, name in through.objects.order_by("group__name").values_list("carepathway_id", "group__name"):
        npos.setdefault(pathway_id, []).append(name)
    latest = {
        v.pathway_id: v
        for v in PathwayVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("pathway_id", "-number")
        .distinct("pathway_id")
        .only("pk", "pathway_id", "number", "decided_on")
    }
    for p in pathways:
        p.npo_names = npos.get(p.pk, [])
        p.published = [latest[p.pk]] if p.pk in latest else []
    return pathways


def pathway_by_slug(slug: str) -> CarePathway:
    return (
        CarePathway.objects.select_related("working_group")
        .prefetch_related(
            "responsible_npos",
            Prefetch("versions", queryset=PathwayVersion.objects.order_by("-number"), to_attr="all_versions"),
        )
        .get(slug=slug)
    )


def version_with_content(pathway: CarePathway, number: int) -> PathwayVersion | None:
    """The version with its steps and sections (three queries)."""
    version = (
        PathwayVersion.objects.filter(pathway=pathway, number=number)
        .prefetch_related(
            Prefetch("steps", queryset=FlowStep.objects.order_by("position")),
            Prefetch("sections", queryset=PathwaySection.objects.order_by("position")),
        )
        .first()
    )
    if version is not None:
        version.pathway = pathway
    return version


def readable_versions(pathway: CarePathway, user, sees_work: bool) -> list[PathwayVersion]:
    """The versions a user may open: published ones for everyone, remissversioner for logged-in
    users, drafts and decided ones for those who see the work."""
    visible = {VersionStatus.PUBLISHED}
    if user.is_authenticated:
        visible.add(VersionStatus.CONSULTATION)
    if sees_work:
        visible |= {VersionStatus.DRAFT, VersionStatus.DECIDED}
    return [v for v in pathway.all_versions if v.status in visible]


def rounds_with_positions(pathway: CarePathway) -> list[ConsultationRound]:
    """The remiss rounds of the pathway's versions, each with `positions` (label, count) and
    `answered`: two queries, however many rounds and answers."""
    version_ids = [v.pk for v in pathway.all_versions]
    rounds = list(
        ConsultationRound.objects.filter(
            subject_type=ContentType.objects.get_for_model(PathwayVersion), subject_id__in=version_ids
        ).order_by("opens_on", "pk")
    )
    by_version = {v.pk: v for v in pathway.all_versions}
    counts: dict[int, Counter] = {r.pk: Counter() for r in rounds}
    if rounds:
        for round_id, position in Answer.objects.filter(recipient__round__in=rounds).values_list(
            "recipient__round_id", "position"
        ):
            counts[round_id][position] += 1
    for round_ in rounds:
        round_.version = by_version.get(round_.subject_id)
        round_.positions = [(Position(p).label, counts[round_.pk].get(p, 0)) for p in Position.values]
        round_.answered = sum(counts[round_.pk].values())
    return rounds


def log_of(pathway: CarePathway):
    return PathwayTransition.objects.filter(pathway=pathway).select_related("by", "version").order_by("-at", "-pk")


def diff_versions(old: PathwayVersion, new: PathwayVersion) -> list[SectionDiff]:
    """Two versions compared section by section and step by step (nkk.diff on the Markdown)."""
    result = [SectionDiff(_("Namn"), diff_text(old.title, new.title))]
    old_steps = {s.letter: s for s in old.steps.all()}
    new_steps = {s.letter: s for s in new.steps.all()}
    for letter in sorted(set(old_steps) | set(new_steps), key=lambda x: (len(x), x)):
        result.append(
            SectionDiff(
                _("Steg %(letter)s") % {"letter": letter},
                diff_text(_step_text(old_steps.get(letter)), _step_text(new_steps.get(letter))),
            )
        )
    old_sections = {s.kind: s.body_markdown for s in old.sections.all()}
    new_sections = {s.kind: s.body_markdown for s in new.sections.all()}
    for kind, label in SectionKind.choices:
        if kind in old_sections or kind in new_sections:
            result.append(SectionDiff(str(label), diff_text(old_sections.get(kind, ""), new_sections.get(kind, ""))))
    return result


def _step_text(step: FlowStep | None) -> str:
    if step is None:
        return ""
    return "\n".join(
        [
            step.title,
            _("Hälso- och sjukvårdens åtgärder:"),
            step.care_actions_markdown,
            _("Patientens åtgärder:"),
            step.patient_actions_markdown,
        ]
    )
