"""Reads of the regional supplements, shaped for a fixed number of queries: the region list is one
query, a region's supplements to a recommendation one more, however many there are."""

from dataclasses import dataclass, field

from kunskapsstyrning.organisation.models import Region

from .models import RegionalSupplement
from .models.supplements import SUPPLEMENT_SECTIONS


def regions() -> list[Region]:
    """The 21 regions in name order, for the region picker."""
    return list(Region.objects.only("pk", "name", "slug").order_by("name"))


def region_supplements(recommendation, region) -> dict[str, RegionalSupplement]:
    """The region's supplements to the recommendation by section kind, in page order."""
    rows = RegionalSupplement.objects.filter(recommendation=recommendation, region=region)
    by_kind = {s.section: s for s in rows}
    return {kind: by_kind[kind] for kind in SUPPLEMENT_SECTIONS if kind in by_kind}


@dataclass
class RegionalView:
    """What the recommendation page and its PDF show of one region: its supplements placed under
    the national sections (each section gets `.regional`), and those whose section the current
    version lacks (`rest`), shown after the sections under their own headings."""

    region: Region | None = None
    supplements: dict[str, RegionalSupplement] = field(default_factory=dict)
    rest: list[RegionalSupplement] = field(default_factory=list)
    current_number: int | None = None

    def outdated(self) -> list[RegionalSupplement]:
        """Supplements last saved against an earlier version than the current one."""
        return [
            s
            for s in self.supplements.values()
            if self.current_number and s.version_number and s.version_number < self.current_number
        ]


def place_supplements(recommendation, region, sections, current_number=None) -> RegionalView:
    """Attach the region's supplements to the sections (a list of RecommendationSection)."""
    for section in sections:
        section.regional = None
    if region is None:
        return RegionalView(current_number=current_number)
    supplements = region_supplements(recommendation, region)
    present = set()
    for section in sections:
        section.regional = supplements.get(section.kind)
        present.add(section.kind)
    for supplement in supplements.values():
        supplement.region = region  # the page shows the name: no query per supplement
    rest = [s for kind, s in supplements.items() if kind not in present]
    return RegionalView(region=region, supplements=supplements, rest=rest, current_number=current_number)
