"""Reads of revision campaigns, in a fixed number of queries however many recommendations:

- campaign_progress(): total, revised, remaining and overdue for the whole campaign, by
  sjukvårdsregion and by ämnesområde, from one aggregate query (grouped by ämnesområde; the
  regions are sums of their ämnesområden, each area having one responsible sjukvårdsregion);
  the page reads it precomputed (stored_progress, the aggregate PROGRESS);
- campaigns_with_counts(): every campaign with its total and revised counted in SQL subqueries;
- remaining_for(): the user's own groups' recommendations still to revise.

"Revised" is Campaign.revised_q(): published or confirmed unchanged on or after the start.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from kunskapsstyrning.organisation.models.periods import today

from .models import Campaign, CampaignSubjectArea, Recommendation, SubjectArea
from .permissions import roles_by_group


def campaign_with_scope(pk: int) -> Campaign | None:
    """The campaign with its chosen ämnesområden (two queries)."""
    return (
        Campaign.objects.filter(pk=pk)
        .select_related("created_by")
        .prefetch_related(Prefetch("subject_areas", queryset=SubjectArea.objects.order_by("name")))
        .first()
    )


def area_ids_of(campaign: Campaign) -> set[int]:
    """The campaign's chosen ämnesområden (prefetched by campaign_with_scope)."""
    return {area.pk for area in campaign.subject_areas.all()}


def in_scope(campaign: Campaign):
    """The recommendations a campaign covers: active and published, in its ämnesområden (if
    chosen) and for one of its target populations (if chosen)."""
    qs = Recommendation.objects.public()
    area_ids = area_ids_of(campaign)
    if area_ids:
        qs = qs.filter(subject_area_id__in=area_ids)
    if campaign.target_populations:
        qs = qs.filter(target_populations__overlap=campaign.target_populations)
    return qs


@dataclass
class ProgressRow:
    """One line of the progress: a sjukvårdsregion, an ämnesområde or the whole campaign."""

    key: str
    label: str
    total: int = 0
    revised: int = 0
    is_over: bool = False

    @property
    def remaining(self) -> int:
        return self.total - self.revised

    @property
    def overdue(self) -> int:
        """Remaining after the deadline (the campaign has one deadline for all it covers)."""
        return self.remaining if self.is_over else 0

    @property
    def percent_revised(self) -> int:
        return round(100 * self.revised / self.total) if self.total else 0


@dataclass
class CampaignProgress:
    campaign: Campaign
    on: datetime.date
    overall: ProgressRow
    by_region: list[ProgressRow] = field(default_factory=list)
    by_area: list[ProgressRow] = field(default_factory=list)

    @property
    def is_over(self) -> bool:
        return self.campaign.is_over(self.on)

    @property
    def days_left(self) -> int:
        return (self.campaign.deadline - self.on).days


#: The progress of every campaign, precomputed by the worker (organisation/aggregates.py) after
#: each change to recommendations, campaigns or ämnesområden, and nightly.
PROGRESS = "nkk.campaign_progress"
PROGRESS_INPUTS = {
    "nkk.Recommendation",
    "nkk.Campaign",
    "nkk.CampaignSubjectArea",
    "nkk.SubjectArea",
    "organisation.HealthcareRegion",
}


def progress_counts(campaign: Campaign) -> list[list]:
    """The campaign's counts per ämnesområde, one aggregate query: [area id, area name, region id,
    region name, region sort order, total, revised] per area (JSON-able, as stored)."""
    rows = (
        in_scope(campaign)
        .order_by()
        .values_list(
            "subject_area_id",
            "subject_area__name",
            "subject_area__healthcare_region_id",
            "subject_area__healthcare_region__name",
            "subject_area__healthcare_region__sort_order",
        )
        .annotate(total=Count("pk"), revised=Count("pk", filter=campaign.revised_q()))
    )
    return [list(row) for row in rows]


def progress_from_counts(campaign: Campaign, counts: list[list], on: datetime.date | None = None) -> CampaignProgress:
    """The campaign's figures as of `on` (today in Stockholm) from its counts per ämnesområde: the
    regions are sums of their ämnesområden. The deadline is the campaign's, read live."""
    on = on or today()
    is_over = campaign.is_over(on)
    overall = ProgressRow("alla", "", is_over=is_over)
    regions: dict[int, tuple[int, ProgressRow]] = {}
    areas = []
    for area_id, area_name, region_id, region_name, region_order, total, revised in counts:
        areas.append(ProgressRow(str(area_id), area_name, total, revised, is_over))
        if region_id not in regions:
            regions[region_id] = (region_order, ProgressRow(str(region_id), region_name, is_over=is_over))
        for target in (regions[region_id][1], overall):
            target.total += total
            target.revised += revised
    return CampaignProgress(
        campaign=campaign,
        on=on,
        overall=overall,
        by_region=[row for _order, row in sorted(regions.values(), key=lambda item: (item[0], item[1].label))],
        by_area=sorted(areas, key=lambda row: row.label),
    )


def campaign_progress(campaign: Campaign, on: datetime.date | None = None) -> CampaignProgress:
    """The campaign's figures as of `on`, counted now: one aggregate query."""
    return progress_from_counts(campaign, progress_counts(campaign), on)


def compute_progress(key: str = "") -> dict:
    """Every campaign's counts (the stored aggregate): {"campaigns": {pk: counts}}; one query per
    campaign, run by the worker."""
    campaigns = Campaign.objects.prefetch_related("subject_areas")
    return {"campaigns": {str(c.pk): progress_counts(c) for c in campaigns}}


def stored_progress(campaign: Campaign):
    """The campaign's progress from the stored aggregate (one query) and the aggregate row, which
    says when it was computed. A campaign the worker has not counted yet (created a moment ago)
    is counted now, and the row is None."""
    from kunskapsstyrning.organisation import aggregates

    row = aggregates.read(PROGRESS)
    counts = row.payload.get("campaigns", {}).get(str(campaign.pk))
    if counts is None:
        return campaign_progress(campaign), None
    return progress_from_counts(campaign, counts), row


class _Count(Func):
    """COUNT(*) of a subquery's rows, without a GROUP BY (Django's Count would add one)."""

    template = "COUNT(*)"
    output_field = IntegerField()


def campaigns_with_counts():
    """Every campaign with `scope_total` and `scope_revised`, counted in two subqueries each (one
    query in all, however many campaigns and recommendations)."""
    links = CampaignSubjectArea.objects.filter(campaign=OuterRef(OuterRef("pk")))
    no_populations = Exact(Func(OuterRef("target_populations"), function="cardinality", output_field=IntegerField()), 0)
    covered = Recommendation.objects.public().filter(
        Q(Exists(links.filter(subject_area=OuterRef("subject_area")))) | ~Exists(links),
        Q(target_populations__overlap=OuterRef("target_populations")) | Q(no_populations),
    )
    return Campaign.objects.annotate(
        scope_total=Coalesce(Subquery(covered.order_by().annotate(n=_Count()).values("n")[:1]), 0),
        scope_revised=Coalesce(
            Subquery(
                covered.filter(
                    Q(last_published_on__gte=OuterRef("starts_on")) | Q(last_reviewed_on__gte=OuterRef("starts_on"))
                )
                .order_by()
                .annotate(n=_Count())
                .values("n")[:1]
            ),
            0,
        ),
    ).annotate(scope_remaining=F("scope_total") - F("scope_revised"))


def remaining_for(user, campaign: Campaign) -> list[Recommendation]:
    """The campaign's recommendations not yet revised that belong to the user's groups (two
    queries with the user's roster; none for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    group_ids = set(roles_by_group(user))
    if not group_ids:
        return []
    return list(
        in_scope(campaign)
        .filter(owning_group_id__in=group_ids)
        .exclude(campaign.revised_q())
        .select_related("owning_group", "subject_area")
        .order_by("owning_group__name", "title")
    )
