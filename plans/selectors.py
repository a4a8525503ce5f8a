"""Reads of the activity plans, shaped so that each page costs a fixed number of queries.

"The plan in force" for a group and year is its latest approved revision, or, before any
revision is approved, its latest draft: a revision being prepared never hides the approved plan
from the overview, the summary or the nuläge figures.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, QuerySet, Sum, Value, When

from kunskapsstyrning.organisation.choices import HostingKind, Role
from kunskapsstyrning.organisation.composition import EveryHealthcareRegionRepresented, GroupState
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting, Membership
from kunskapsstyrning.organisation.models.periods import active_on, today
from kunskapsstyrning.organisation.ordering import swedish
from svf.choices import PathwayState

from .choices import PLANNING_KINDS, InitiativeKind, InitiativeStatus, PlanState
from .models import Initiative, PlanYear


def plans_in_force() -> QuerySet[PlanYear]:
    """One plan per group and year: the latest approved revision, else the latest revision."""
    approved_first = Case(When(state=PlanState.APPROVED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        PlanYear.objects.annotate(approved_first=approved_first)
        .order_by("group_id", "year", "approved_first", "-revision")
        .distinct("group_id", "year")
    )


def initiatives_in_force() -> QuerySet[Initiative]:
    return Initiative.objects.filter(plan__in=plans_in_force().values("pk"))


def link_prefetches() -> list[Prefetch]:
    """What an initiative produces, for its row: one query per kind of link, whatever the rows."""
    from nkk.models import Recommendation
    from svf.models import CarePathway

    return [
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.only("pk", "title", "slug", "status", "current_version_id").order_by(
                "title"
            ),
        ),
        Prefetch("care_pathways", queryset=CarePathway.objects.only("pk", "name", "slug", "state").order_by("name")),
    ]


def overview_initiatives(queryset: QuerySet[Initiative] | None = None) -> QuerySet[Initiative]:
    """The overview's rows: initiative, plan and group in one query, co-operating groups,
    recommendations and vårdförlopp in one more each."""
    qs = queryset if queryset is not None else initiatives_in_force()
    return qs.select_related("plan__group").prefetch_related(
        Prefetch("cooperating_groups", queryset=Group.objects.only("pk", "name", "slug", "short_name")),
        *link_prefetches(),
    )


@dataclass(frozen=True)
class Count_:
    key: str
    label: str
    count: int


def counts_by(queryset: QuerySet[Initiative], field: str, choices) -> list[Count_]:
    """Counts per choice of `field` (kind or status) in one query, every choice listed."""
    counted = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    return [Count_(key, label, counted.get(key, 0)) for key, label in choices.choices]


def kind_counts(queryset) -> list[Count_]:
    return counts_by(queryset, "kind", InitiativeKind)


def status_counts(queryset) -> list[Count_]:
    return counts_by(queryset, "status", InitiativeStatus)


def plan_years() -> list[int]:
    """The years that have plans, newest first, and this year."""
    years = set(PlanYear.objects.order_by().values_list("year", flat=True).distinct())
    years.add(today().year)
    return sorted(years, reverse=True)


def group_plans(group: Group, year: int) -> list[PlanYear]:
    """Every revision of a group's plan for a year, oldest first."""
    return list(
        PlanYear.objects.filter(group=group, year=year)
        .select_related("submitted_by", "approved_by", "revises")
        .order_by("revision")
    )


def plan_initiatives(plan: PlanYear) -> list[Initiative]:
    return list(
        plan.initiatives.select_related("continues").prefetch_related(
            Prefetch("cooperating_groups", queryset=Group.objects.only("pk", "name", "slug")),
            *link_prefetches(),
        )
    )


def in_force(plans: list[PlanYear]) -> PlanYear | None:
    """The plan in force among a group's revisions for a year (as plans_in_force, in Python)."""
    approved = [p for p in plans if p.state == PlanState.APPROVED]
    if approved:
        return max(approved, key=lambda p: p.revision)
    return max(plans, key=lambda p: p.revision) if plans else None


# -- The summary PDF ------------------------------------------------------------------------


def data_version(year: int) -> str:
    """A fingerprint of everything the year's summary shows: the plans and initiatives, and the
    groups' hosts and leaders. Any change moves it, so a cached PDF is used until then (two
    queries)."""
    plans = PlanYear.objects.filter(year=year).aggregate(
        plan_count=Count("pk", distinct=True),
        plan_last=Max("updated_at"),
        plan_versions=Sum("version"),
        initiative_count=Count("initiatives", distinct=True),
        initiative_last=Max("initiatives__updated_at"),
    )
    structure = Group.objects.filter(kind__in=PLANNING_KINDS).aggregate(
        group_count=Count("pk", distinct=True),
        group_names=Max("name"),
        hosting_count=Count("hostings", distinct=True),
        hosting_last=Max("hostings__pk"),
        chair_count=Count("memberships", filter=Q(memberships__role=Role.CHAIR), distinct=True),
        chair_last=Max("memberships__updated_at", filter=Q(memberships__role=Role.CHAIR)),
    )
    raw = repr((year, today().isoformat(), sorted(plans.items()), sorted(structure.items())))
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class GroupSection:
    group: Group
    host: Hosting | None
    chairs: list
    plan: PlanYear | None
    initiatives: list[Initiative]


def summary(year: int, *, on: datetime.date | None = None) -> dict:
    """What the year's summary shows: one section per planning group with host, chair, the plan
    in force and its initiatives, and the totals per type. A fixed number of queries for any
    number of groups and initiatives."""
    on = on or today()
    groups = list(
        Group.objects.filter(kind__in=PLANNING_KINDS)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=datetime.date(year, 1, 1)))
        .prefetch_related(
            Prefetch(
                "hostings",
                queryset=Hosting.objects.filter(active_on(on), kind=HostingKind.HOST).select_related(
                    "healthcare_region", "organisation"
                ),
                to_attr="current_hosts",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(active_on(on), role=Role.CHAIR).select_related("person"),
                to_attr="chairs",
            ),
        )
        .order_by("kind", swedish("name"))
    )
    plans = {p.group_id: p for p in plans_in_force().filter(year=year)}
    by_plan: dict[int, list[Initiative]] = {}
    initiatives = (
        Initiative.objects.filter(plan__in=[p.pk for p in plans.values()])
        .prefetch_related(Prefetch("cooperating_groups", queryset=Group.objects.only("pk", "name")), *link_prefetches())
        .order_by("plan_id", "position", "pk")
    )
    for initiative in initiatives:
        by_plan.setdefault(initiative.plan_id, []).append(initiative)
    sections = []
    totals = {k: 0 for k in InitiativeKind.values}
    for group in groups:
        plan = plans.get(group.pk)
        items = by_plan.get(plan.pk, []) if plan else []
        for i in items:
            totals[i.kind] += 1
        sections.append(
            GroupSection(
                group=group,
                host=group.current_hosts[0] if group.current_hosts else None,
                chairs=[m.person for m in group.chairs],
                plan=plan,
                initiatives=items,
            )
        )
    return {
        "year": year,
        "sections": sections,
        "totals": [Count_(k, label, totals[k]) for k, label in InitiativeKind.choices],
        "total": sum(totals.values()),
        "approved": sum(1 for p in plans.values() if p.state == PlanState.APPROVED),
        "planning_groups": len(groups),
        "has_demo": any(p.is_demo for s in sections for p in s.chairs),
    }


# -- Nuläge ---------------------------------------------------------------------------------


def groups_with_vacant_seats(*, on: datetime.date | None = None) -> list[tuple[Group, list]]:
    """Active NPOs, NSGs and the primary-care council where some sjukvårdsregion has no member,
    by the structure's own composition rule (EveryHealthcareRegionRepresented); three queries."""
    on = on or today()
    groups = list(Group.objects.active().filter(kind__in=PLANNING_KINDS).order_by("kind", swedish("name")))
    by_group: dict[int, list[Membership]] = {g.pk: [] for g in groups}
    for m in Membership.objects.filter(active_on(on), group__in=groups).select_related("represents_region"):
        by_group[m.group_id].append(m)
    regions = list(HealthcareRegion.objects.all())
    rule = EveryHealthcareRegionRepresented()
    result = []
    for g in groups:
        findings = rule.check(GroupState(group=g, on=on, memberships=by_group[g.pk], healthcare_regions=regions))
        if findings:
            result.append((g, findings))
    return result


def published_recommendations_count() -> int:
    """Published at least once and neither withdrawn nor merged: what NKK's public list shows."""
    from nkk.models import Recommendation

    return Recommendation.objects.public().count()


def recommendations_under_revision_count() -> int:
    """Published recommendations with a version under work (at most one each, by constraint)."""
    from nkk.choices import OPEN_STATES
    from nkk.models import Recommendation

    return Recommendation.objects.public().filter(versions__state__in=OPEN_STATES).count()


#: Decided by SKS, whether or not published since or being revised again.
CARE_PATHWAYS_APPROVED = (PathwayState.DECIDED.value, PathwayState.PUBLISHED.value, PathwayState.REVISING.value)
#: Not decided yet: started, on remiss, or reworked after it.
CARE_PATHWAYS_UNDER_WAY = (PathwayState.STARTED.value, PathwayState.CONSULTATION.value, PathwayState.REWORK.value)


def care_pathways_count(states) -> int:
    from svf.models import CarePathway

    return CarePathway.objects.filter(state__in=states).count()


def initiatives_this_year_count() -> int:
    return initiatives_in_force().filter(plan__year=today().year).count()


def approved_plans_this_year_count() -> int:
    return PlanYear.objects.filter(year=today().year, state=PlanState.APPROVED).values("group_id").distinct().count()


# -- What an initiative can link to ---------------------------------------------------------


def own_groups_q(group: Group, *, prefix: str) -> Q:
    """`prefix` (a group field) is the planning group itself or a working group it appointed."""
    from kunskapsstyrning.organisation.models import GroupRelation

    appointed = GroupRelation.objects.appointed_by(group).values("from_group_id")
    return Q(**{prefix: group}) | Q(**{f"{prefix}__in": appointed})


def linkable_recommendations(group: Group) -> QuerySet:
    """Recommendations an initiative of `group` may link: the group's own first (owned by it or a
    working group it appointed, or steered by it as NPO), then every other active one."""
    from nkk.choices import RecommendationStatus
    from nkk.models import Recommendation

    own = own_groups_q(group, prefix="owning_group") | Q(subject_area__steering_npo=group)
    active = Recommendation.objects.filter(status=RecommendationStatus.ACTIVE).only("pk", "title")
    return active.annotate(own=Case(When(own, then=Value(0)), default=Value(1), output_field=IntegerField())).order_by(
        "own", "title"
    )


def linkable_care_pathways(group: Group) -> QuerySet:
    """Vårdförlopp an initiative of `group` may link: the group's own first (one of its responsible
    NPOs, or developed by a working group it appointed), then the others."""
    from svf.models import CarePathway

    own_ids = CarePathway.objects.filter(
        Q(responsible_npos=group) | own_groups_q(group, prefix="working_group")
    ).values("pk")
    return (
        CarePathway.objects.only("pk", "name")
        .annotate(own=Case(When(pk__in=own_ids, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("own", "name")
    )
