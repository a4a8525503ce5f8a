"""Writes of the regional follow-up: introductions, reports, gap analyses, indicators and values.

Every write takes `by`, checks the rule the pages ask (svf.permissions), validates with Swedish
messages and runs in one transaction; the models' pghistory triggers keep the history.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Group, Region
from kunskapsstyrning.organisation.models.periods import today

from .follow_up_choices import FOLLOWED_STATES, INTRODUCING_STAGES, STAGE_DATES, ReportKind, Stage
from .models import CarePathway, GapActivity, Implementation, ImplementationReport, Indicator, IndicatorValue
from .permissions import MANAGE_INDICATORS, REPORT_FOR_REGION, reporting_groups


def _require(by, perm: str, obj) -> None:
    """by=None is the system itself (demo data, bench); pages, the admin and the API always pass
    the user, whose right is asked of the same rule the page shows."""
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(_("Du har inte behörighet att göra det här."))


def _followed(pathway: CarePathway) -> None:
    if pathway.state not in FOLLOWED_STATES:
        raise ValidationError(_("Vårdförloppet är inte publicerat och kan inte följas upp ännu."))


def stage_of(implementation: Implementation) -> str:
    """The stage the dates say: the last stage whose date is set, or not decided / declined."""
    if implementation.declined:
        return Stage.DECLINED
    stage = Stage.NOT_DECIDED
    for candidate, field in STAGE_DATES:
        if getattr(implementation, field):
            stage = candidate
    return stage


def _check_dates(implementation: Implementation) -> None:
    errors: dict[str, list[str]] = {}
    previous = None
    for _stage, field in STAGE_DATES:
        day = getattr(implementation, field)
        if day is None:
            continue
        if previous is not None and day < getattr(implementation, previous):
            label = Implementation._meta.get_field(previous).verbose_name
            errors.setdefault(field, []).append(
                _("Datumet kan inte vara före %(stage)s.") % {"stage": str(label).lower()}
            )
        if previous is None and field != "decided_on":
            errors.setdefault(field, []).append(_("Ange först datum för beslutet om införande."))
        if day > today() + datetime.timedelta(days=366):
            errors.setdefault(field, []).append(_("Datumet ligger mer än ett år fram i tiden."))
        previous = field
    if implementation.declined and any(getattr(implementation, f) for _s, f in STAGE_DATES):
        errors.setdefault("declined", []).append(
            _("En region som avstår från vårdförloppet kan inte ha datum för införandet.")
        )
    if errors:
        raise ValidationError(errors)


def implementation_check(implementation: Implementation, previous_group_id: int | None = None) -> None:
    """The introduction's rules, asked before writing (also by the admin's form): the dates in the
    stages' order, and a responsible group that is one of the region's LPO/LAG for the pathway
    (or the one already named)."""
    _check_dates(implementation)
    group = implementation.responsible_group
    if group is not None and group.pk != previous_group_id:
        if group not in reporting_groups(implementation.pathway, implementation.region):
            raise ValidationError(
                {
                    "responsible_group": _(
                        "%(group)s är inte ett LPO eller en LAG i %(region)s för vårdförloppets programområde."
                    )
                    % {"group": group, "region": implementation.region}
                }
            )


def implementation_get(pathway: CarePathway, region: Region) -> Implementation:
    """The region's introduction of the pathway, or an unsaved one if nothing is recorded yet."""
    return Implementation.objects.filter(pathway=pathway, region=region).first() or Implementation(
        pathway=pathway, region=region
    )


@transaction.atomic
def implementation_update(
    *,
    pathway: CarePathway,
    region: Region,
    by,
    responsible_group: Group | None = None,
    declined: bool = False,
    decided_on: datetime.date | None = None,
    gap_analysis_on: datetime.date | None = None,
    action_plan_on: datetime.date | None = None,
    introduced_on: datetime.date | None = None,
    follow_up_on: datetime.date | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Implementation:
    """Record the region's decision and the stages' dates; the stage follows from them."""
    _followed(pathway)
    _require(by, REPORT_FOR_REGION, Implementation(pathway=pathway, region=region))
    implementation, _created = Implementation.objects.select_for_update().get_or_create(pathway=pathway, region=region)
    previous_group_id = implementation.responsible_group_id
    implementation.responsible_group = responsible_group
    implementation.declined = declined
    implementation.decided_on = decided_on
    implementation.gap_analysis_on = gap_analysis_on
    implementation.action_plan_on = action_plan_on
    implementation.introduced_on = introduced_on
    implementation.follow_up_on = follow_up_on
    implementation.note = note
    implementation.is_demo = implementation.is_demo or is_demo
    implementation.updated_by = by if getattr(by, "pk", None) else None
    implementation_check(implementation, previous_group_id=previous_group_id)
    implementation.stage = stage_of(implementation)
    implementation.full_clean()
    implementation.save()
    return implementation


def report_period_open(kind: str, year: int, on: datetime.date | None = None) -> bool:
    """A report may be submitted from the half-year before its deadline on (late reports too)."""
    from .follow_up_choices import report_deadline

    on = on or today()
    return on >= report_deadline(kind, year) - datetime.timedelta(days=183)


@transaction.atomic
def report_submit(
    *,
    implementation: Implementation,
    kind: str,
    year: int,
    summary: str,
    by,
    submitted_on: datetime.date | None = None,
    is_demo: bool = False,
) -> ImplementationReport:
    """Submit the region's report for a period. A period's report is kept as submitted: a second
    report for the same period is refused."""
    _require(by, REPORT_FOR_REGION, implementation)
    if implementation.pk is None or implementation.stage not in INTRODUCING_STAGES:
        raise ValidationError(_("Regionen rapporterar när den har beslutat att införa vårdförloppet."))
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Okänd rapport.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Skriv en sammanfattning av läget.")})
    submitted_on = submitted_on or today()
    if not report_period_open(kind, year, submitted_on):
        raise ValidationError({"year": _("Perioden har inte börjat ännu.")})
    Implementation.objects.select_for_update().filter(pk=implementation.pk).first()
    if ImplementationReport.objects.filter(implementation=implementation, kind=kind, year=year).exists():
        raise ValidationError(_("Regionen har redan lämnat den rapporten för perioden."))
    report = ImplementationReport(
        implementation=implementation,
        kind=kind,
        year=year,
        stage=implementation.stage,
        summary=summary.strip(),
        submitted_on=submitted_on,
        submitted_by=by if getattr(by, "pk", None) else None,
        is_demo=is_demo,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def activity_add(
    *,
    implementation: Implementation,
    title: str,
    owner: str,
    by,
    status: str | None = None,
    due_on: datetime.date | None = None,
    is_demo: bool = False,
) -> GapActivity:
    _require(by, REPORT_FOR_REGION, implementation)
    if implementation.pk is None or implementation.stage not in INTRODUCING_STAGES:
        raise ValidationError(_("En gapanalys görs när regionen har beslutat att införa vårdförloppet."))
    last = implementation.activities.order_by("-position").values_list("position", flat=True).first()
    activity = GapActivity(
        implementation=implementation,
        title=title.strip(),
        owner=owner.strip(),
        due_on=due_on,
        position=(last or 0) + 1,
        is_demo=is_demo,
    )
    if status:
        activity.status = status
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: GapActivity, by, status: str, due_on: datetime.date | None, owner: str) -> GapActivity:
    _require(by, REPORT_FOR_REGION, activity.implementation)
    activity.status = status
    activity.due_on = due_on
    activity.owner = owner.strip()
    activity.full_clean()
    activity.save(update_fields=["status", "due_on", "owner", "updated_at"])
    return activity


@transaction.atomic
def indicator_save(*, indicator: Indicator, by) -> Indicator:
    """Create or change an indicator of a pathway (its definition, unit and målnivå)."""
    _require(by, MANAGE_INDICATORS, indicator.pathway)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_values_report(
    *, pathway: CarePathway, region: Region, year: int, values: dict[Indicator, Decimal | None], by
) -> int:
    """A region's values for a year, from the form: a value replaces the year's earlier one, an
    empty field leaves it. Returns how many values were written."""
    _followed(pathway)
    _require(by, REPORT_FOR_REGION, Implementation(pathway=pathway, region=region))
    written = 0
    for indicator, value in values.items():
        if indicator.pathway_id != pathway.pk:
            raise ValidationError(_("Indikatorn hör inte till vårdförloppet."))
        if value is None:
            continue
        _upsert(indicator, region, year, value, by)
        written += 1
    return written


def _upsert(indicator: Indicator, region: Region, year: int, value: Decimal, by, is_demo: bool = False) -> bool:
    """Write one value; True if it is new."""
    row = IndicatorValue.objects.filter(indicator=indicator, region=region, year=year).first()
    created = row is None
    if row is None:
        row = IndicatorValue(indicator=indicator, region=region, year=year, is_demo=is_demo)
    elif row.value == value:
        return False
    row.value = value
    row.reported_by = by if getattr(by, "pk", None) else None
    row.full_clean(validate_constraints=False)
    row.save()
    return created
