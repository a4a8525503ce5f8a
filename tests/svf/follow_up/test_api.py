"""The care-pathway API: published pathways only, the introductions (the matrix as rows), the
indicators and values with their filters, cursor pages, ETag/304, JSON errors, fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kunskapsstyrning.organisation.models import Region
from svf.choices import PathwayState
from svf.follow_up_choices import ReportKind, Stage
from svf.models import Implementation, ImplementationReport, Indicator, IndicatorValue
from tests.clock import TODAY, frozen

from .conftest import make_pathway

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def api():
    return APIClient()


def _grow(n: int, start: int = 0):
    """n published pathways, each introduced in every region with two reports and one indicator
    with a value per region."""
    regions = list(Region.objects.all())
    for i in range(start, start + n):
        pathway = make_pathway(f"Förlopp {i:03}")
        rows = Implementation.objects.bulk_create(
            Implementation(pathway=pathway, region=r, decided_on=datetime.date(2025, 1, 1), stage=Stage.DECIDED)
            for r in regions
        )
        ImplementationReport.objects.bulk_create(
            ImplementationReport(
                implementation=row, kind=kind, year=2025, stage=Stage.DECIDED, summary="s", submitted_on=TODAY
            )
            for row in rows
            for kind in ReportKind.values
        )
        indicator = Indicator.objects.create(
            pathway=pathway, code="i-1", name="I", kind="process", definition="d", unit="procent", target=70
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, region=r, year=2025, value=Decimal(60)) for r in regions
        )


QUERIES = {
    "/api/v1/vardforlopp/": 3,  # ETag aggregate, pathways, their NPOs
    "/api/v1/vardforlopp-inforande/?page_size=500": 3,  # ETag, introductions, reports
    "/api/v1/vardforlopp-indikatorer/": 2,
    "/api/v1/vardforlopp-indikatorvarden/?page_size=500": 2,
}


@pytest.mark.parametrize("url", QUERIES)
def test_list_endpoints_are_public_and_run_a_constant_number_of_queries(api, structure, url):
    counts = []
    for start, n in ((0, 1), (1, 9)):
        _grow(n, start)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [QUERIES[url], QUERIES[url]]


def test_only_published_pathways_and_their_fields(api, structure):
    published = make_pathway("Publicerat", decided_on=datetime.date(2024, 5, 1))
    make_pathway("Remiss", state=PathwayState.CONSULTATION)
    make_pathway("Under revidering", state=PathwayState.REVISING)
    body = api.get("/api/v1/vardforlopp/").json()
    assert [p["name"] for p in body["results"]] == ["Publicerat", "Under revidering"]
    first = body["results"][0]
    assert first["slug"] == published.slug and first["responsible_npos"] == ["npo-aldres-halsa-och-palliativ-vard"]
    assert first["state"] == "publicerad" and first["decided_on"] == "2024-05-01"
    assert api.get("/api/v1/vardforlopp/remiss/").status_code == 404
    assert api.get("/api/v1/vardforlopp/?npo=npo-psykisk-halsa").json()["results"] == []


def test_introductions_with_filters(api, structure):
    _grow(2)
    implementation = Implementation.objects.get(pathway__name="Förlopp 001", region__name="Norrbotten")
    implementation.stage = Stage.ACTION_PLAN
    implementation.save()
    rows = api.get("/api/v1/vardforlopp-inforande/?vardforlopp=forlopp-001&sjukvardsregion=norra").json()["results"]
    assert {r["region"] for r in rows} == {"norrbotten", "vasterbotten", "jamtland-harjedalen", "vasternorrland"}
    rows = api.get("/api/v1/vardforlopp-inforande/?stage=handlingsplan").json()["results"]
    assert [(r["pathway"], r["region"], r["healthcare_region"]) for r in rows] == [
        ("forlopp-001", "norrbotten", "norra")
    ]
    assert {(r["kind"], r["year"]) for r in rows[0]["reports"]} == {("arsrapport", 2025), ("lagesrapport", 2025)}
    error = api.get("/api/v1/vardforlopp-inforande/?stage=okant")
    assert error.status_code == 400 and error.json()["code"]
    assert api.get("/api/v1/vardforlopp-indikatorvarden/?ar=99999999999999999999").status_code == 400


def test_values_with_filters_cursor_pages_and_etag(api, structure):
    _grow(3)
    url = "/api/v1/vardforlopp-indikatorvarden/?vardforlopp=forlopp-002&ar=2025&page_size=10"
    first = api.get(url)
    body = first.json()
    assert len(body["results"]) == 10 and body["next"]
    assert {v["pathway"] for v in body["results"]} == {"forlopp-002"}
    second = api.get(body["next"]).json()
    assert len(second["results"]) == 10
    assert not {v["id"] for v in body["results"]} & {v["id"] for v in second["results"]}
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    IndicatorValue.objects.filter(indicator__pathway__slug="forlopp-002").first().delete()  # (the clock stands still)
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert (
        api.get("/api/v1/vardforlopp-indikatorvarden/?region=vasterbotten&indikator=i-1").json()["results"][0]["value"]
        == "60.00"
    )


def test_the_api_is_read_only(api, structure):
    assert api.post("/api/v1/vardforlopp-indikatorvarden/", {}).status_code in (401, 403, 405)
