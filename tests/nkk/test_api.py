"""NKK's read-only API: only public recommendations and published versions, the public list's
filters (the same Swedish full-text search), ETags, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kunskapsstyrning.organisation.models.periods import today
from nkk import services
from nkk.choices import RecommendationStatus, SectionKind, State
from nkk.models import PublishingDate, Recommendation
from tests.api.conftest import bearer

from .conftest import make_recommendation, publish_now, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _published(area, nag, cast, publishing_date, title, **kwargs):
    return _publish_many(area, nag, cast, [title], **kwargs)[0]


def _publish_many(area, nag, cast, titles, **kwargs):
    """New recommendations published together on a new publishing date."""
    last = PublishingDate.objects.order_by("-date").first()
    day = max(last.date if last else today(), today()) + datetime.timedelta(days=1)
    publishing_date = PublishingDate.objects.create(date=day)
    recs = [make_recommendation(area, nag, title=title, **kwargs) for title in titles]
    for rec in recs:
        walk_to(rec.versions.get(), State.PLANNED, cast, publishing_date)
    assert services.publishing_date_publish(publishing_date=publishing_date, on=day).ok
    return [Recommendation.objects.get(pk=rec.pk) for rec in recs]


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_only_public_recommendations_and_published_versions_are_listed(api, cast, area, nag, publishing_date):
    public = _published(area, nag, cast, publishing_date, "Förstoppning hos barn")
    withdrawn = _published(area, nag, cast, publishing_date, "Blåsljud hos barn")
    services.recommendation_withdraw(recommendation=withdrawn, by=cast.support, comment="Exempel: inaktuell.")
    draft_only = make_recommendation(area, nag, title="Huvudvärk hos barn")
    walk_to(draft_only.versions.get(), State.REVIEW_2, cast)
    # A revision under way of the public one: its draft text must not appear.
    revision = services.version_open(recommendation=public, by=cast.owner_leader)
    services.version_update(
        version=revision,
        title=revision.title,
        sections={SectionKind.TREATMENT: "HEMLIGT UTKAST – exempeltext."},
        change_kind="reviderad",
        change_note="Intern anteckning i utkastet",
        by=cast.owner_leader,
    )

    listed = _results(api.get("/api/v1/kunskapsstod/"))
    assert [r["slug"] for r in listed] == [public.slug]
    assert listed[0]["current_version"]["number"] == 1
    assert listed[0]["url"].endswith(f"/kunskapsstod/{public.slug}/")

    detail = api.get(f"/api/v1/kunskapsstod/{public.slug}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "HEMLIGT UTKAST" not in body and "Intern anteckning" not in body
    assert [v["number"] for v in detail.json()["versions"]] == [1]
    assert "<p>Exempeltext – inte ett kliniskt råd.</p>" in detail.json()["sections"][-1]["html"]
    for leaked in ("email", "created_by", "comment", "phone", "body_markdown"):
        assert f'"{leaked}"' not in body

    for slug in (withdrawn.slug, draft_only.slug):
        missing = api.get(f"/api/v1/kunskapsstod/{slug}/")
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"

    versions = _results(api.get("/api/v1/kunskapsstod/versioner/"))
    assert [(v["recommendation"], v["number"]) for v in versions] == [(public.slug, 1)]
    assert api.get(f"/api/v1/kunskapsstod/versioner/{revision.pk}/").status_code == 404
    assert api.get(f"/api/v1/kunskapsstod/versioner/{withdrawn.current_version_id}/").status_code == 404
    one = api.get(f"/api/v1/kunskapsstod/versioner/{public.current_version_id}/").json()
    assert one["change_tag"] == "(ny)" and [s["kind"] for s in one["sections"]] == ["vardniva", "behandling"]


def test_merged_recommendations_are_not_listed(api, cast, area, nag, publishing_date):
    rec, target = _publish_many(area, nag, cast, ["Förstoppning hos barn", "Blåsljud hos barn"])
    Recommendation.objects.filter(pk=rec.pk).update(status=RecommendationStatus.MERGED, merged_into=target)
    assert [r["slug"] for r in _results(api.get("/api/v1/kunskapsstod/"))] == [target.slug]
    assert [v["recommendation"] for v in _results(api.get("/api/v1/kunskapsstod/versioner/"))] == [target.slug]


def test_sections_are_sanitised(api, cast, area, nag, publishing_date):
    rec = make_recommendation(area, nag, title="Förstoppning hos barn")
    version = rec.versions.get()
    services.version_update(
        version=version,
        title=version.title,
        sections={
            SectionKind.CARE_LEVEL: "Exempeltext <script>alert(1)</script> [länk](javascript:alert(1))",
            SectionKind.TREATMENT: "Exempeltext.",
        },
        change_kind="ny",
        by=cast.owner_leader,
    )
    publish_now(version, cast, publishing_date)
    html = api.get(f"/api/v1/kunskapsstod/{rec.slug}/").json()["sections"][0]["html"]
    assert "<script" not in html and "&lt;script&gt;" in html and 'href="javascript' not in html


def test_the_public_lists_filters_apply(api, cast, area, nag, publishing_date, npo):
    from nkk.models import SubjectArea

    _published(area, nag, cast, publishing_date, "Långvarig smärta hos barn", target_populations=["barn"])
    _published(area, nag, cast, publishing_date, "Förstoppning hos barn", target_populations=["barn", "vuxna"])
    other_area = SubjectArea.objects.create(
        name="Exempelområde", slug="exempelomrade", healthcare_region=area.healthcare_region, steering_npo=npo
    )
    _published(other_area, nag, cast, publishing_date, "Huvudvärk", target_populations=["vuxna"])

    def titles(query):
        return sorted(r["title"] for r in _results(api.get("/api/v1/kunskapsstod/" + query)))

    # Swedish stemming: "smärtor" finds "smärta", as on the page.
    assert titles("?q=smärtor") == ["Långvarig smärta hos barn"]
    assert titles("?q=forstopning") == ["Förstoppning hos barn"]  # trigram: typo and no ö
    assert titles(f"?omrade={other_area.slug}") == ["Huvudvärk"]
    assert titles("?malgrupp=vuxna") == ["Förstoppning hos barn", "Huvudvärk"]
    first_day = PublishingDate.objects.order_by("date").first().date
    assert titles(f"?uppdaterad_sedan={first_day.isoformat()}") == [
        "Förstoppning hos barn",
        "Huvudvärk",
        "Långvarig smärta hos barn",
    ]
    later = first_day.replace(year=first_day.year + 1).isoformat()
    assert titles(f"?uppdaterad_sedan={later}") == []
    assert titles("?updated_since=2100-01-01") == []
    assert len(titles("?updated_since=2000-01-01")) == 3

    bad = api.get("/api/v1/kunskapsstod/?omrade=finns-inte")
    assert bad.status_code == 400 and "omrade" in bad.json()["fields"]
    assert api.get("/api/v1/kunskapsstod/?malgrupp=").status_code == 400
    assert api.get("/api/v1/kunskapsstod/?q=%00").status_code == 400

    areas = _results(api.get("/api/v1/kunskapsstod/amnesomraden/"))
    assert [a["slug"] for a in areas] == ["barn-och-ungdomar", "exempelomrade"]
    assert areas[0]["steering_npo"] == npo.slug
    versions = _results(api.get(f"/api/v1/kunskapsstod/versioner/?omrade={other_area.slug}"))
    assert [v["title"] for v in versions] == ["Huvudvärk"]


def test_etag_answers_304_until_something_changes(api, cast, area, nag, publishing_date):
    rec = _published(area, nag, cast, publishing_date, "Förstoppning hos barn")
    for url in ("/api/v1/kunskapsstod/", f"/api/v1/kunskapsstod/{rec.slug}/", "/api/v1/kunskapsstod/amnesomraden/"):
        first = api.get(url)
        assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    etag = api.get("/api/v1/kunskapsstod/")["ETag"]
    services.recommendation_withdraw(recommendation=rec, by=cast.support, comment="Exempel: inaktuell.")
    assert api.get("/api/v1/kunskapsstod/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/kunskapsstod/?page_size=500", 3),
        ("/api/v1/kunskapsstod/?page_size=500&q=barn", 3),
        ("/api/v1/kunskapsstod/versioner/?page_size=500", 4),
        ("/api/v1/kunskapsstod/amnesomraden/", 3),
    ],
)
def test_lists_run_a_constant_number_of_queries(api, cast, area, nag, publishing_date, url, expected):
    """With a token: 1 for the token, 1 for the ETag's aggregate, then the page (and prefetches)."""
    headers = bearer(cast.outsider)
    counts = []
    made = 0
    for rows in (2, 20):
        _publish_many(area, nag, cast, [f"Exempel {n} hos barn" for n in range(made, rows)])
        made = rows
        assert len(_results(api.get(url, **headers))) in (1, rows)
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, **headers).status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected]


def test_the_detail_runs_a_constant_number_of_queries(api, cast, area, nag, publishing_date):
    rec = _published(area, nag, cast, publishing_date, "Förstoppning hos barn")
    url = f"/api/v1/kunskapsstod/{rec.slug}/"
    api.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    assert len(queries) == 5  # ETag aggregate, the row, earlier titles, versions, sections


def test_nothing_is_written_through_the_api(api, cast, area, nag, publishing_date):
    rec = _published(area, nag, cast, publishing_date, "Förstoppning hos barn")
    headers = bearer(cast.support)
    for url in ("/api/v1/kunskapsstod/", f"/api/v1/kunskapsstod/{rec.slug}/"):
        assert api.post(url, {}, format="json", **headers).status_code == 405
        assert api.delete(url, **headers).status_code == 405
