"""Reads of the regional follow-up, shaped for a fixed number of queries whatever the volume:
the national matrix (vårdförlopp × region) and the indicator comparison."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse

from kunskapsstyrning.organisation.models import HealthcareRegion, Region

from .follow_up_choices import FOLLOWED_STATES, INTRODUCING_STAGES, Stage
from .models import CarePathway, GapActivity, Implementation, ImplementationReport, Indicator, IndicatorValue


def followed_pathways():
    """Published pathways (also while being revised): the ones regions introduce and follow up."""
    return CarePathway.objects.filter(state__in=FOLLOWED_STATES)


def regions(healthcare_region: HealthcareRegion | None = None) -> list[Region]:
    qs = Region.objects.select_related("healthcare_region").order_by("healthcare_region__sort_order", "name")
    if healthcare_region is not None:
        qs = qs.filter(healthcare_region=healthcare_region)
    return list(qs)


@dataclass
class Cell:
    region: Region
    stage: str
    label: str
    url: str
    last_report: tuple[str, int] | None = None


@dataclass
class MatrixRow:
    pathway: CarePathway
    cells: list[Cell]
    introducing: int


def matrix(*, healthcare_region: HealthcareRegion | None = None, pathways=None) -> dict:
    """Every followed pathway × every region (or one sjukvårdsregion's): the stage of each cell and
    the latest report. Three queries: pathways, regions, introductions (with the latest report)."""
    pathway_list = list(pathways if pathways is not None else followed_pathways().order_by("name"))
    region_list = regions(healthcare_region)
    latest = ImplementationReport.objects.filter(implementation=OuterRef("pk")).order_by("-year", "-submitted_on")
    rows = (
        Implementation.objects.filter(pathway__in=[p.pk for p in pathway_list], region__in=[r.pk for r in region_list])
        .annotate(last_kind=Subquery(latest.values("kind")[:1]), last_year=Subquery(latest.values("year")[:1]))
        .values_list("pathway_id", "region_id", "stage", "last_kind", "last_year")
    )
    by_cell = {(p, r): (stage, kind, year) for p, r, stage, kind, year in rows} if pathway_list else {}
    labels = {key: str(label) for key, label in Stage.choices}
    counts = {stage: 0 for stage in Stage.values}
    # One reverse() for the whole matrix, not one per cell (6 300 cells at ten times the volume).
    pattern = reverse("svf_follow_up:implementation", kwargs={"slug": "PATHWAY", "region": "REGION"})
    before, middle, after = pattern.partition("PATHWAY")[0], *pattern.partition("PATHWAY")[2].partition("REGION")[::2]
    result = []
    for pathway in pathway_list:
        cells = []
        introducing = 0
        prefix = f"{before}{pathway.slug}{middle}"
        for region in region_list:
            stage, kind, year = by_cell.get((pathway.pk, region.pk), (Stage.NOT_DECIDED, None, None))
            counts[stage] += 1
            introducing += stage in INTRODUCING_STAGES
            cells.append(
                Cell(region, stage, labels[stage], f"{prefix}{region.slug}{after}", (kind, year) if kind else None)
            )
        result.append(MatrixRow(pathway, cells, introducing))
    return {
        "regions": region_list,
        "rows": result,
        "stage_counts": [(stage, labels[stage], counts[stage]) for stage in Stage.values],
    }


#: The national matrix, precomputed by the worker (organisation/aggregates.py) after each change
#: to introductions, reports, pathways or regions, and nightly.
MATRIX = "svf.implementation_matrix"
MATRIX_INPUTS = {
    "svf.Implementation",
    "svf.ImplementationReport",
    "svf.CarePathway",
    "organisation.Region",
    "organisation.HealthcareRegion",
}


def compute_matrix(key: str = "") -> dict:
    """The whole matrix as stored: the regions [pk, name, slug, sjukvårdsregion slug, its name]
    and per followed pathway [name, slug, [[stage, year of the latest report or None], … one per
    region in the regions' order]]. The three queries of matrix()."""
    data = matrix()
    return {
        "regions": [
            [r.pk, r.name, r.slug, r.healthcare_region.slug, r.healthcare_region.name] for r in data["regions"]
        ],
        "rows": [
            [
                row.pathway.name,
                row.pathway.slug,
                [[cell.stage, cell.last_report[1] if cell.last_report else None] for cell in row.cells],
            ]
            for row in data["rows"]
        ],
    }


@dataclass
class StoredRow:
    name: str
    slug: str
    cells_html: str
    introducing: int


def stored_matrix(payload: dict, healthcare_region: str = "") -> dict:
    """The matrix page's figures from the stored payload, for every region or one
    sjukvårdsregion's (its slug; an unknown slug: every region). Each row's cells are written
    here as one string: 6 300 cells at ten times the volume cost far less as one join than as a
    template loop per cell."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    all_regions = payload.get("regions", [])
    healthcare_regions = [
        {"slug": slug, "name": name} for slug, name in dict.fromkeys((r[3], r[4]) for r in all_regions)
    ]
    chosen = next((h for h in healthcare_regions if h["slug"] == healthcare_region), None)
    columns = [i for i, r in enumerate(all_regions) if chosen is None or r[3] == chosen["slug"]]
    regions = [all_regions[i] for i in columns]
    labels = {key: escape(str(label)) for key, label in Stage.choices}
    counts = {stage: 0 for stage in Stage.values}
    introducing_stages = set(INTRODUCING_STAGES)
    pattern = reverse("svf_follow_up:implementation", kwargs={"slug": "PATHWAY", "region": "REGION"})
    before, _p, rest = pattern.partition("PATHWAY")
    middle, _r, after = rest.partition("REGION")
    region_slugs = [escape(r[2]) for r in regions]
    rows = []
    for name, slug, cells in payload.get("rows", []):
        prefix = f"{before}{escape(slug)}{middle}"
        parts = []
        introducing = 0
        for column, region_slug in zip(columns, region_slugs, strict=True):
            stage, year = cells[column]
            counts[stage] += 1
            introducing += stage in introducing_stages
            year_html = f" <small>{year}</small>" if year else ""
            parts.append(
                f'<td class="stage-{stage}"><a href="{prefix}{region_slug}{after}">{labels[stage]}</a>{year_html}</td>'
            )
        rows.append(StoredRow(name, slug, mark_safe("".join(parts)), introducing))  # noqa: S308  (escaped above)
    return {
        "regions": [{"name": r[1], "slug": r[2], "healthcare_region": r[4]} for r in regions],
        "rows": rows,
        "stage_counts": [(stage, labels[stage], counts[stage]) for stage in Stage.values],
        "healthcare_regions": healthcare_regions,
        "chosen": chosen,
    }


def implementation_detail(implementation: Implementation) -> Implementation:
    """The introduction with its reports and activities, for its page (three queries)."""
    if implementation.pk is None:
        implementation.prefetched_reports, implementation.prefetched_activities = [], []
        return implementation
    return (
        Implementation.objects.select_related("pathway", "region__healthcare_region", "responsible_group")
        .prefetch_related(
            Prefetch(
                "reports", queryset=ImplementationReport.objects.order_by("-year", "kind"), to_attr="prefetched_reports"
            ),
            Prefetch(
                "activities", queryset=GapActivity.objects.order_by("position", "pk"), to_attr="prefetched_activities"
            ),
        )
        .get(pk=implementation.pk)
    )


def indicator_years(pathway: CarePathway) -> list[int]:
    return list(
        IndicatorValue.objects.filter(indicator__pathway=pathway)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass
class Bar:
    label: str
    value: Decimal | None
    meets: bool | None
    is_group: bool = False
    slug: str = ""


def comparison(indicator: Indicator, year: int) -> dict:
    """Every region's value for the year, grouped by sjukvårdsregion with the mean of its regions'
    values (unweighted: the regions report rates, not counts), and the national mean. Two queries."""
    values = dict(IndicatorValue.objects.filter(indicator=indicator, year=year).values_list("region_id", "value"))
    groups = []
    current = None
    for region in regions():
        hcr = region.healthcare_region
        if current is None or current["healthcare_region"] != hcr:
            current = {"healthcare_region": hcr, "regions": []}
            groups.append(current)
        value = values.get(region.pk)
        current["regions"].append(Bar(region.name, value, indicator.meets_target(value), slug=region.slug))
    for group in groups:
        reported = [b.value for b in group["regions"] if b.value is not None]
        mean = (sum(reported) / len(reported)).quantize(Decimal("0.01")) if reported else None
        group["mean"] = Bar(group["healthcare_region"].name, mean, indicator.meets_target(mean), is_group=True)
        group["reported"] = len(reported)
    reported = [v for v in values.values() if v is not None]
    national = (sum(reported) / len(reported)).quantize(Decimal("0.01")) if reported else None
    spread = (min(reported), max(reported)) if reported else None
    return {
        "groups": groups,
        "national": national,
        "spread": spread,
        "reported": len(reported),
        "meeting": sum(1 for v in reported if indicator.meets_target(v)),
    }


CHART_BAR_X = 230
CHART_WIDTH = 420
ROW = 22


def comparison_chart(indicator: Indicator, data: dict) -> dict:
    """Coordinates for the server-rendered SVG: one bar per region, one per sjukvårdsregion's mean,
    and the målnivå as a vertical line; the scale runs from 0 to the largest of values and target."""
    candidates = [b.value for g in data["groups"] for b in (*g["regions"], g["mean"]) if b.value is not None]
    if indicator.target is not None:
        candidates.append(indicator.target)
    top = max([abs(c) for c in candidates], default=Decimal(1)) or Decimal(1)
    bars = []
    y = 8
    for group in data["groups"]:
        for bar in (group["mean"], *group["regions"]):
            width = round(CHART_WIDTH * float(abs(bar.value)) / float(top)) if bar.value is not None else 0
            bars.append({"bar": bar, "y": y, "width": width})
            y += ROW
        y += 8
    target_x = (
        CHART_BAR_X + round(CHART_WIDTH * float(abs(indicator.target)) / float(top))
        if indicator.target is not None
        else None
    )
    return {
        "bars": bars,
        "height": y + 24,
        "bar_x": CHART_BAR_X,
        "total_width": CHART_BAR_X + CHART_WIDTH + 80,
        "target_x": target_x,
    }
