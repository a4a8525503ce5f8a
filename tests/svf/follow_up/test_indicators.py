"""Indicators: values reported in a form or by CSV (all or nothing, Swedish row errors, the roster
import's encodings and separators), and the public comparison between regions and sjukvårdsregioner
with the målnivå, as an SVG chart and a table of the same figures, in a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsstyrning.organisation.models import Region
from svf import follow_up_selectors as selectors
from svf import follow_up_services as services
from svf.choices import PathwayState
from svf.indicator_import import import_values
from svf.models import Indicator, IndicatorValue
from tests.clock import frozen
from tests.factories import UserFactory, make_support_staff

from .conftest import make_pathway

pytestmark = [pytest.mark.django_db, frozen]


def file(*rows: str, header: str = "Region;Indikator;År;Värde", encoding: str = "utf-8", sep: str = ";") -> bytes:
    lines = [header.replace(";", sep), *(r.replace(";", sep) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_a_good_file_is_imported_whole(pathway, indicators, reporter):
    raw = file("Västerbotten;pal-1;2025;72,5", "Region Västerbotten;PAL-2;2025;80")
    result = import_values(pathway=pathway, raw=raw, by=reporter)
    assert result.ok and (result.created, result.changed, result.unchanged) == (2, 0, 0)
    assert sorted(IndicatorValue.objects.values_list("indicator__code", "value")) == [
        ("pal-1", Decimal("72.50")),
        ("pal-2", Decimal("80.00")),
    ]
    again = import_values(
        pathway=pathway, raw=file("Västerbotten;pal-1;2025;75", "Västerbotten;pal-2;2025;80"), by=reporter
    )
    assert (again.created, again.changed, again.unchanged) == (0, 1, 1)
    assert IndicatorValue.objects.get(indicator__code="pal-1").events.count() == 2  # history of the change


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", ",")])
def test_encodings_and_separators_as_excel_saves_them(pathway, indicators, reporter, encoding, sep):
    raw = file("Västerbotten;pal-1;2025;72.5", encoding=encoding, sep=sep)
    assert import_values(pathway=pathway, raw=raw, by=reporter).ok
    assert IndicatorValue.objects.get().region.name == "Västerbotten"


def test_one_bad_row_and_nothing_is_written_every_bad_row_reported(pathway, indicators, reporter):
    raw = file(
        "Västerbotten;pal-1;2025;72,5",  # line 2: good
        "Atlantis;pal-1;2025;50",  # 3: unknown region
        "Västerbotten;pal-9;2025;50",  # 4: unknown indicator
        "Västerbotten;pal-2;25;50",  # 5: bad year
        "Västerbotten;pal-2;2025;många",  # 6: not a number
        "Norrbotten;pal-2;2025;50",  # 7: a region the reporter does not report for
        "Västerbotten;pal-1;2025;73",  # 8: duplicate of line 2
    )
    result = import_values(pathway=pathway, raw=raw, by=reporter)
    assert not result.ok
    assert not IndicatorValue.objects.exists()
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "Okänd region ”Atlantis”."),
        (4, "Vårdförloppet har ingen indikator med koden ”pal-9”."),
        (5, "År ”25” är inget giltigt år (2015–2100)."),
        (6, "Värdet ”många” är inget tal (skriv t.ex. 72,5)."),
        (7, "Du får inte rapportera värden för Norrbotten."),
        (8, "Samma region, indikator och år finns redan på rad 2 (dubblett)."),
    ]


def test_file_level_errors(pathway, indicators, reporter):
    assert import_values(pathway=pathway, raw=b"Region;Indikator\r\nx;y\r\n", by=reporter).errors[0].message == (
        "Kolumner saknas: År, Värde."
    )
    assert (
        "ingen textfil" in import_values(pathway=pathway, raw=b"\xff\x00\xfe\x00binary", by=reporter).errors[0].message
    )
    assert import_values(pathway=pathway, raw=file(), by=reporter).errors[0].message == (
        "Filen innehåller inga rader att importera."
    )
    draft = make_pathway("Utkast", state=PathwayState.STARTED)
    assert (
        "inte publicerat"
        in import_values(pathway=draft, raw=file("Västerbotten;pal-1;2025;1"), by=reporter).errors[0].message
    )
    assert not IndicatorValue.objects.exists()


def test_support_staff_import_for_every_region(pathway, indicators):
    staff = make_support_staff()
    rows = [f"{r.name};pal-1;2025;{50 + i}" for i, r in enumerate(Region.objects.order_by("name"))]
    assert import_values(pathway=pathway, raw=file(*rows), by=staff).created == 21


def test_the_import_page(client, pathway, indicators, reporter):
    url = reverse("svf_follow_up:import", args=[pathway.slug])
    assert client.get(url).status_code == 302
    client.force_login(reporter)
    bad = SimpleUploadedFile("v.csv", file("Västerbotten;pal-1;2025;1", "Norrbotten;pal-1;2025;2"))
    body = client.post(url, {"file": bad}).content.decode()
    assert (
        "Ingenting importerades" in body
        and "Rad 3:" in body
        and "Du får inte rapportera värden för Norrbotten." in body
    )
    assert not IndicatorValue.objects.exists()
    good = SimpleUploadedFile("v.csv", file("Västerbotten;pal-1;2025;1"))
    assert client.post(url, {"file": good}).status_code == 302
    assert IndicatorValue.objects.count() == 1
    template = client.get(reverse("svf_follow_up:import_template", args=[pathway.slug]))
    assert template.content.decode("utf-8-sig").startswith("Region;Indikator;År;Värde")


def test_the_values_form(client, pathway, indicators, region, reporter, other_region):
    url = reverse("svf_follow_up:values", args=[pathway.slug, region.slug])
    client.force_login(reporter)
    assert client.get(reverse("svf_follow_up:values", args=[pathway.slug, other_region.slug])).status_code == 403
    response = client.post(url, {"year": 2025, f"i{indicators[0].pk}": "64,5"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("64.5")
    with pytest.raises(PermissionDenied):
        services.indicator_values_report(
            pathway=pathway, region=other_region, year=2025, values={indicators[0]: Decimal(1)}, by=reporter
        )
    page = client.get(reverse("svf_follow_up:indicators", args=[pathway.slug])).content.decode()
    assert "Värden för Västerbotten" in page and "Värden för Norrbotten" not in page


def _values(indicator, year, regions, base=50):
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, region=r, year=year, value=Decimal(base + i)) for i, r in enumerate(regions)
    )


def test_the_comparison_figures(pathway, indicators):
    indicator = indicators[0]  # målnivå 80, at least
    regions = {r.name: r for r in Region.objects.all()}
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=indicator, region=regions["Norrbotten"], year=2025, value=Decimal(90)),
            IndicatorValue(indicator=indicator, region=regions["Västerbotten"], year=2025, value=Decimal(70)),
            IndicatorValue(indicator=indicator, region=regions["Skåne"], year=2025, value=Decimal(60)),
        ]
    )
    data = selectors.comparison(indicator, 2025)
    assert data["reported"] == 3 and data["meeting"] == 1
    assert data["spread"] == (Decimal(60), Decimal(90))
    assert data["national"] == Decimal("73.33")
    norra = next(g for g in data["groups"] if g["healthcare_region"].slug == "norra")
    assert norra["mean"].value == Decimal("80.00") and norra["mean"].meets is True
    assert [b.value for b in norra["regions"] if b.value is not None] == [Decimal(90), Decimal(70)]


@pytest.mark.parametrize("count", [2, 20])
def test_the_comparison_page_is_public_accessible_and_fixed_in_queries(
    client, structure, count, django_assert_num_queries
):
    pathway = make_pathway()
    regions = list(Region.objects.order_by("name"))
    indicators = [
        Indicator.objects.create(
            pathway=pathway,
            code=f"i-{n}",
            name=f"Indikator {n}",
            kind="utfall",
            definition="d",
            unit="procent",
            target=60,
        )
        for n in range(count)
    ]
    for indicator in indicators:
        for year in range(2016, 2016 + count):
            _values(indicator, year, regions[: 10 + count // 4])
    url = reverse("svf_follow_up:comparison", args=[pathway.slug, "i-0"])
    # pathway, indicator, years, values, regions
    with django_assert_num_queries(5):
        response = client.get(url, {"ar": 2017})
    body = response.content.decode()
    assert response.status_code == 200
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "stroke-dasharray" in svg  # the målnivå line
    reported = 10 + count // 4
    with_values = {r.healthcare_region_id for r in regions[:reported]}
    assert svg.count("<rect") == reported + len(with_values)  # every reported region, the means
    table = re.search(r'<table class="data" id="jamforelse">.*?</table>', body, re.S).group(0)
    assert table.count("ej rapporterat") == 21 - reported
    assert f'data-region="{regions[0].slug}">50,00<' in table
    assert f"{reported} regioner har rapporterat" in body
    with django_assert_num_queries(2):  # pathway, indicators
        assert client.get(reverse("svf_follow_up:indicators", args=[pathway.slug])).status_code == 200


def test_the_comparison_page_without_values(client, pathway, indicators):
    body = client.get(reverse("svf_follow_up:comparison", args=[pathway.slug, "pal-1"])).content.decode()
    assert "Inga värden är rapporterade ännu." in body and "<svg" not in body


def test_indicators_are_managed_by_support_staff_and_the_pathways_leaders(pathway):
    indicator = Indicator(pathway=pathway, code="ny", name="Ny", kind="process", definition="d", unit="procent")
    with pytest.raises(PermissionDenied):
        services.indicator_save(indicator=indicator, by=UserFactory())
    services.indicator_save(indicator=indicator, by=make_support_staff())
    assert Indicator.objects.filter(code="ny").exists()
