"""Demo data of the regional follow-up: a few regions' introductions, reports, a gap analysis and
indicator values. Everything is fictitious and marked as demo (is_demo, "Exempel" in the texts);
nothing here is clinical advice. The one real figure is the size of Region Norrbotten's gap analysis
for palliative care (58 activities, Kunskapsstyrningsdag Umeå 2023); its activities are invented.

Runs after the structure's demo people (organisation.registry.demo_loaders). It follows the
pathways the lifecycle's demo has published; without any, it adds two published demo pathways.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from kunskapsstyrning.organisation.models import Group, Region

from . import follow_up_services as services
from .choices import PathwayState
from .follow_up_choices import ActivityStatus, IndicatorKind, ReportKind, TargetDirection
from .follow_up_selectors import followed_pathways
from .models import CarePathway, Implementation, Indicator

DEMO_PATHWAYS = [
    ("palliativ-vard", "Palliativ vård", "npo-aldres-halsa-och-palliativ-vard", "nag-vardforlopp-kognitiv-sviktdemens"),
    ("hjartsvikt-nydebuterad", "Hjärtsvikt – nydebuterad", "npo-hjart-och-karlsjukdomar", "nag-vardforlopp-hjartsvikt"),
]

DEMO_INDICATORS = [
    ("ex-1", "Exempel: andel med dokumenterad fast vårdkontakt", IndicatorKind.PROCESS, "procent", Decimal(90)),
    ("ex-2", "Exempel: andel med strukturerad symtomskattning", IndicatorKind.PROCESS, "procent", Decimal(80)),
    ("ex-3", "Exempel: andel som fick vård på önskad plats", IndicatorKind.OUTCOME, "procent", Decimal(70)),
]

#: (region, stage dates as years after 2021-01-01 offsets) — fictitious.
DEMO_REGIONS = {
    "Norrbotten": ("2021-09-15", "2022-03-01", "2023-04-26", None, None),
    "Västerbotten": ("2021-06-10", "2021-11-01", "2022-05-01", "2023-01-15", None),
    "Jämtland Härjedalen": ("2022-02-01", None, None, None, None),
    "Stockholm": ("2021-05-01", "2021-10-01", "2022-02-01", "2022-09-01", "2023-09-01"),
    "Skåne": ("2021-12-01", "2022-06-01", None, None, None),
}


def _d(text):
    return datetime.date.fromisoformat(text) if text else None


def _pathways() -> list[CarePathway]:
    existing = list(followed_pathways().order_by("name")[:2])
    if existing:
        return existing
    result = []
    for slug, name, npo_slug, nag_slug in DEMO_PATHWAYS:
        pathway, created = CarePathway.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "state": PathwayState.PUBLISHED,
                "decided_on": datetime.date(2021, 3, 1),
                "definition": "Exempeltext (demodata): vårdförloppets definition skrivs av arbetsgruppen.",
                "working_group": Group.objects.filter(slug=nag_slug).first(),
                "is_demo": True,
            },
        )
        if created and (npo := Group.objects.filter(slug=npo_slug).first()):
            pathway.responsible_npos.add(npo)
        result.append(pathway)
    return result


@transaction.atomic
def load_demo_follow_up() -> None:
    pathways = sorted(_pathways(), key=lambda p: p.name)
    # The palliative-care pathway (if there) gets Norrbotten's 58 activities and values in every
    # region; the same one every run, so a second run adds nothing.
    primary = next((p for p in pathways if p.slug == "palliativ-vard"), pathways[0] if pathways else None)
    regions = {r.name: r for r in Region.objects.filter(name__in=DEMO_REGIONS)}
    for pathway in pathways:
        n = 0 if pathway == primary else 1
        indicators = []
        for position, (code, name, kind, unit, target) in enumerate(DEMO_INDICATORS):
            indicator = Indicator.objects.filter(pathway=pathway, code=code).first() or services.indicator_save(
                indicator=Indicator(
                    pathway=pathway,
                    code=code,
                    name=name,
                    kind=kind,
                    unit=unit,
                    target=target,
                    direction=TargetDirection.AT_LEAST,
                    sort_order=position,
                    definition="Exempeltext (demodata): täljare och nämnare beskrivs av arbetsgruppen.",
                    is_demo=True,
                ),
                by=None,
            )
            indicators.append(indicator)
        for r, (region_name, dates) in enumerate(DEMO_REGIONS.items()):
            region = regions.get(region_name)
            if region is None or Implementation.objects.filter(pathway=pathway, region=region).exists():
                continue
            if n == 1 and r >= 3:
                continue  # the second pathway is introduced in fewer regions
            groups = services.reporting_groups(pathway, region)
            implementation = services.implementation_update(
                pathway=pathway,
                region=region,
                by=None,
                responsible_group=groups[0] if groups else None,
                decided_on=_d(dates[0]),
                gap_analysis_on=_d(dates[1]),
                action_plan_on=_d(dates[2]),
                introduced_on=_d(dates[3]),
                follow_up_on=_d(dates[4]),
                note="Exempeltext (demodata).",
                is_demo=True,
            )
            for year in (2022, 2023):
                for kind in (ReportKind.YEARLY, ReportKind.PROGRESS):
                    services.report_submit(
                        implementation=implementation,
                        kind=kind,
                        year=year,
                        summary="Exempeltext (demodata): regionens läge i införandet.",
                        by=None,
                        submitted_on=datetime.date(year, 3 if kind == ReportKind.YEARLY else 9, 20),
                        is_demo=True,
                    )
            if implementation.gap_analysis_on:
                # Norrbotten's 58 activities are its palliative-care gap analysis: only there.
                palliative = region_name == "Norrbotten" and pathway.slug == "palliativ-vard"
                count = 58 if palliative else 6
                statuses = list(ActivityStatus.values)
                for i in range(count):
                    services.activity_add(
                        implementation=implementation,
                        title=f"Exempelaktivitet {i + 1} i gapanalysen (demodata)",
                        owner="Exempel: verksamhetsområde" if i % 2 else "Exempel: primärvården",
                        status=statuses[i % 3],
                        due_on=datetime.date(2024, 1 + i % 12, 1),
                        by=None,
                        is_demo=True,
                    )
        _values(indicators, list(regions.values()) if n else list(Region.objects.all()))


def _values(indicators: list[Indicator], regions: list[Region]) -> None:
    """Fictitious values (a fixed pattern, not a random one, so the demo is the same every time)."""
    from .models import IndicatorValue

    rows = []
    for i, indicator in enumerate(indicators):
        for j, region in enumerate(sorted(regions, key=lambda r: r.name)):
            for year in (2022, 2023):
                value = Decimal(55 + (j * 7 + i * 11 + (year - 2022) * 5) % 40)
                rows.append(IndicatorValue(indicator=indicator, region=region, year=year, value=value, is_demo=True))
    IndicatorValue.objects.bulk_create(rows, ignore_conflicts=True)
