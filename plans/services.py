"""Every write to activity plans: validated, atomic, with the actor, under the rule set.

A plan is edited only while it is a draft (utkast), under a row lock on the plan so that two
editors never interleave with a submission or an approval. `by=None` is the system itself
(the demo loader, the bench generator); every page passes the logged-in user, and the rules
decide. The state machine is one table (choices.TRANSITIONS) applied by `plan_transition`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import check_dates_in_range, today

from .choices import FIRST_YEAR, LAST_YEAR, PLANNING_KINDS, TRANSITIONS, InitiativeStatus, PdfState, PlanState
from .models import Initiative, PlanYear, SummaryPdf
from .permissions import APPROVE_PLAN, EDIT_PLAN

INITIATIVE_FIELDS = ("title", "description", "kind", "status")


def _require(by, perm: str, obj) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(_("Du får inte ändra verksamhetsplanen för %(group)s.") % {"group": _group(obj)})


def _group(obj) -> Group:
    return obj if isinstance(obj, Group) else obj.group


def _locked(plan: PlanYear) -> PlanYear:
    """The plan's row, locked until the transaction ends, with its current state."""
    return PlanYear.objects.select_for_update().select_related("group").get(pk=plan.pk)


def _touch(plan: PlanYear) -> None:
    """Count the plan's version up: the summary PDF's data version follows it."""
    PlanYear.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _require_draft(plan: PlanYear) -> None:
    if plan.state != PlanState.DRAFT:
        raise ValidationError(
            _("Planen är %(state)s och kan inte ändras. Ändringar i en godkänd plan görs i en ny revision.")
            % {"state": plan.get_state_display().lower()}
        )


@transaction.atomic
def plan_create(*, group: Group, year: int, by=None) -> PlanYear:
    """The first plan (revision 1, a draft) of a group for a year."""
    _require(by, EDIT_PLAN, group)
    if group.kind not in PLANNING_KINDS:
        raise ValidationError(_("Bara NPO, NSG och primärvårdsrådet har verksamhetsplaner."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Ange ett år mellan 2018 och 2100.")})
    Group.objects.select_for_update().filter(pk=group.pk).first()  # serialises two first plans
    if PlanYear.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Gruppen har redan en plan för %(year)s.") % {"year": year})
    plan = PlanYear(group=group, year=year, revision=1, created_by=by)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_revise(*, plan: PlanYear, by=None, change_note: str = "") -> PlanYear:
    """A new draft revision of an approved plan, starting as a copy of it; the approved plan
    stays as it is, and stays the one in force until the revision is approved."""
    plan = _locked(plan)
    _require(by, EDIT_PLAN, plan)
    if plan.state != PlanState.APPROVED:
        raise ValidationError(_("Bara en godkänd plan kan revideras."))
    if PlanYear.objects.filter(group=plan.group, year=plan.year).exclude(state=PlanState.APPROVED).exists():
        raise ValidationError(_("Det finns redan en revision av planen som inte är godkänd."))
    latest = PlanYear.objects.filter(group=plan.group, year=plan.year).aggregate(m=Max("revision"))["m"]
    revision = PlanYear(
        group=plan.group,
        year=plan.year,
        revision=latest + 1,
        revises=plan,
        created_by=by,
        change_note=change_note,
    )
    revision.full_clean()
    revision.save()
    originals = list(plan.initiatives.prefetch_related("cooperating_groups", "recommendations", "care_pathways"))
    copies = Initiative.objects.bulk_create(
        [
            Initiative(
                plan=revision,
                position=i.position,
                title=i.title,
                description=i.description,
                kind=i.kind,
                status=i.status,
                continues=i,
            )
            for i in originals
        ]
    )
    Through = Initiative.cooperating_groups.through
    Through.objects.bulk_create(
        [
            Through(initiative_id=copy.pk, group_id=g.pk)
            for copy, original in zip(copies, originals, strict=True)
            for g in original.cooperating_groups.all()
        ]
    )
    for links in LINKS:
        Link = getattr(Initiative, links).through
        column = Link._meta.get_field(Initiative._meta.get_field(links).m2m_reverse_field_name()).attname
        Link.objects.bulk_create(
            [
                Link(initiative_id=copy.pk, **{column: target.pk})
                for copy, original in zip(copies, originals, strict=True)
                for target in getattr(original, links).all()
            ]
        )
    return revision


#: What an initiative produces: the NKK recommendations and the vårdförlopp, linked many to many.
LINKS = ("recommendations", "care_pathways")


def _set_links(initiative: Initiative, links: dict) -> None:
    for name, targets in links.items():
        if targets is not None:
            getattr(initiative, name).set(targets)


def _clean_initiative(initiative: Initiative, cooperating_groups) -> None:
    initiative.full_clean(exclude=["plan"])
    for g in cooperating_groups:
        if g.kind not in PLANNING_KINDS:
            raise ValidationError({"cooperating_groups": _("Samverkande grupper är NPO, NSG eller primärvårdsrådet.")})
        if g.pk == initiative.plan.group_id:
            raise ValidationError({"cooperating_groups": _("Gruppen kan inte samverka med sig själv.")})


@transaction.atomic
def initiative_create(
    *,
    plan: PlanYear,
    title: str,
    kind: str,
    description: str = "",
    status: str = InitiativeStatus.PLANNED,
    cooperating_groups=(),
    recommendations=(),
    care_pathways=(),
    by=None,
) -> Initiative:
    plan = _locked(plan)
    _require(by, EDIT_PLAN, plan)
    _require_draft(plan)
    position = (plan.initiatives.aggregate(m=Max("position"))["m"] or 0) + 1
    initiative = Initiative(
        plan=plan, position=position, title=title, description=description, kind=kind, status=status
    )
    _clean_initiative(initiative, cooperating_groups)
    initiative.save()
    initiative.cooperating_groups.set(cooperating_groups)
    _set_links(initiative, {"recommendations": recommendations, "care_pathways": care_pathways})
    _touch(plan)
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, by=None, cooperating_groups=None, recommendations=None, care_pathways=None, **fields
) -> Initiative:
    """Change an initiative of a draft; a link list left as None is left as it is."""
    plan = _locked(initiative.plan)
    _require(by, EDIT_PLAN, plan)
    _require_draft(plan)
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"okända fält: {sorted(unknown)}")
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk, plan=plan)
    initiative.plan = plan
    for name, value in fields.items():
        setattr(initiative, name, value)
    _clean_initiative(initiative, cooperating_groups or [])
    initiative.save()
    if cooperating_groups is not None:
        initiative.cooperating_groups.set(cooperating_groups)
    _set_links(initiative, {"recommendations": recommendations, "care_pathways": care_pathways})
    _touch(plan)
    return initiative


@transaction.atomic
def initiative_delete(*, initiative: Initiative, by=None) -> None:
    plan = _locked(initiative.plan)
    _require(by, EDIT_PLAN, plan)
    _require_draft(plan)
    initiative.cooperating_groups.clear()
    for name in LINKS:
        getattr(initiative, name).clear()
    Initiative.objects.filter(pk=initiative.pk, plan=plan).delete()
    _touch(plan)


@transaction.atomic
def plan_transition(
    *,
    plan: PlanYear,
    to: str,
    by=None,
    decided_on: datetime.date | None = None,
    decision_reference: str = "",
) -> PlanYear:
    """Move a plan along the one table of allowed transitions (choices.TRANSITIONS)."""
    plan = _locked(plan)
    perm = TRANSITIONS.get((plan.state, to))
    if perm is None:
        raise ValidationError(
            _("En plan som är %(from)s kan inte bli %(to)s.")
            % {"from": plan.get_state_display().lower(), "to": PlanState(to).label.lower()}
        )
    if by is not None and not by.has_perm(perm, plan):
        raise PermissionDenied(
            _("Bara SKS ledamöter och stödfunktionen registrerar godkännanden.")
            if perm == APPROVE_PLAN
            else _("Du får inte ändra verksamhetsplanen för %(group)s.") % {"group": plan.group}
        )
    update = ["state", "version", "updated_at"]
    plan.version += 1
    if to == PlanState.SUBMITTED:
        if not plan.initiatives.exists():
            raise ValidationError(_("Planen har inga insatser. Lägg till minst en insats innan den lämnas in."))
        plan.submitted_at, plan.submitted_by = timezone.now(), by
        update += ["submitted_at", "submitted_by"]
    if to == PlanState.APPROVED:
        if decided_on is None:
            raise ValidationError({"decided_on": _("Ange datumet för SKS beslut.")})
        check_dates_in_range(decided_on=decided_on)
        if decided_on > today():
            raise ValidationError({"decided_on": _("Beslutsdatumet kan inte ligga i framtiden.")})
        plan.decided_on, plan.decision_reference, plan.approved_by = decided_on, decision_reference, by
        update += ["decided_on", "decision_reference", "approved_by"]
    plan.state = to
    plan.full_clean()
    plan.save(update_fields=update)
    return plan


def plan_submit(*, plan: PlanYear, by=None) -> PlanYear:
    return plan_transition(plan=plan, to=PlanState.SUBMITTED, by=by)


def plan_return(*, plan: PlanYear, by=None) -> PlanYear:
    """A submitted plan back to draft (e.g. SKS asks for changes before deciding)."""
    return plan_transition(plan=plan, to=PlanState.DRAFT, by=by)


def plan_approve(*, plan: PlanYear, decided_on: datetime.date, decision_reference: str = "", by=None) -> PlanYear:
    return plan_transition(
        plan=plan, to=PlanState.APPROVED, by=by, decided_on=decided_on, decision_reference=decision_reference
    )


def summary_request(*, year: int, data_version: str, by=None) -> tuple[SummaryPdf, bool]:
    """The summary PDF row for this version of the data, and whether a task must be queued.

    The row is inserted before the task (unique year and version): however many ask at once,
    one task generates one version. A failed attempt is queued again.
    """
    from .tasks import generate_summary_pdf  # the task module imports this one

    with transaction.atomic():
        pdf, created = SummaryPdf.objects.get_or_create(
            year=year, data_version=data_version, defaults={"requested_by": by}
        )
        queue = created
        if not created and pdf.state == PdfState.FAILED:
            SummaryPdf.objects.filter(pk=pdf.pk).update(state=PdfState.QUEUED, progress=0, error="", requested_by=by)
            pdf.refresh_from_db()
            queue = True
        if queue:
            transaction.on_commit(lambda: generate_summary_pdf.delay(pdf.pk))
    return pdf, queue
