"""Pages: the public list, recommendation and version pages, redirects, the editor and the calendar;
query counts that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.models.periods import today
from nkk import services
from nkk.choices import ChangeKind, PublishingDateStatus, State
from nkk.models import PublishingDate

from .conftest import make_recommendation, publish_now, walk_to

pytestmark = pytest.mark.django_db

# The exact number of queries per page, whatever the number of recommendations. A page that
# legitimately changes its queries changes one number here.
QUERIES = {
    "lista": 3,  # the filter's ämnesområden, the count, the page of recommendations
    "nyligen": 2,  # the dates, their versions
    "kunskapsstöd": 5,  # recommendation, sections, earlier titles, versions, the region picker
    # session, user, person/support staff (2), dates, their versions, unscheduled, frame, and the
    # header's unread-notice count
    "kalender": 10,
}


def _published(area, nag, cast, n, publishing_date):
    for i in range(n):
        rec = make_recommendation(area, nag, title=f"Exempel {i:02d} {publishing_date.date}")
        walk_to(rec.versions.get(), State.PLANNED, cast, publishing_date)
    services.publishing_date_publish(publishing_date=publishing_date, on=publishing_date.date)


def _new_date(days):
    return PublishingDate.objects.create(date=today() + datetime.timedelta(days=days))


def test_public_pages_run_a_constant_number_of_queries(client, cast, area, nag, django_assert_num_queries):
    first = _new_date(3)
    _published(area, nag, cast, 2, first)
    rec = make_recommendation(area, nag, title="Sidan som mäts")
    publish_now(rec.versions.get(), cast, _new_date(5))
    pages = {
        "lista": reverse("nkk:list"),
        "nyligen": reverse("nkk:recent"),
        "kunskapsstöd": reverse("nkk:recommendation", args=[rec.slug]),
    }
    for name, url in pages.items():
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(url).status_code == 200
    _published(area, nag, cast, 20, _new_date(4))
    v2 = services.version_open(recommendation=rec, by=cast.owner_member)
    publish_now(v2, cast, _new_date(6))
    for name, url in pages.items():
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(url).status_code == 200


def test_the_calendar_runs_a_constant_number_of_queries(client, cast, area, nag, django_assert_num_queries):
    client.force_login(cast.support)
    date = _new_date(3)
    for i in range(2):
        walk_to(make_recommendation(area, nag, title=f"Kal {i}").versions.get(), State.PLANNED, cast, date)
    with django_assert_num_queries(QUERIES["kalender"]):
        assert client.get(reverse("nkk:calendar")).status_code == 200
    for i in range(20):
        state = [State.PLANNED, State.APPROVED, State.REVIEW_1][i % 3]
        version = walk_to(make_recommendation(area, nag, title=f"Fler {i}").versions.get(), state, cast, date)
        if state != State.PLANNED:
            services.version_set_target_date(version=version, publishing_date=_new_date(10 + i))
    with django_assert_num_queries(QUERIES["kalender"]):
        response = client.get(reverse("nkk:calendar"))
    assert response.status_code == 200


def test_the_recommendation_page_shows_change_note_titles_and_versions(client, cast, recommendation):
    publish_now(recommendation.versions.get(), cast, _new_date(2))
    v2 = services.version_open(recommendation=recommendation, by=cast.owner_member)
    services.version_update(
        version=v2, by=cast.owner_member, title="Obstipation hos barn", change_kind=ChangeKind.RENAMED
    )
    publish_now(v2, cast, _new_date(9))
    recommendation.refresh_from_db()
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Obstipation hos barn" in html
    assert "(tidigare titel ”Förstoppning hos barn”)" in html
    assert reverse("nkk:version", args=[recommendation.slug, 1]) in html
    old = client.get(reverse("nkk:version", args=[recommendation.slug, 1]))
    assert old.status_code == 200 and "inte längre är den gällande" in old.content.decode()


def test_old_addresses_redirect_permanently(client, cast, recommendation):
    publish_now(recommendation.versions.get(), cast, _new_date(2))
    old_slug = recommendation.slug
    v2 = services.version_open(recommendation=recommendation, by=cast.owner_member)
    services.version_update(version=v2, by=cast.owner_member, title="Ny titel", change_kind=ChangeKind.RENAMED)
    publish_now(v2, cast, _new_date(9))
    recommendation.refresh_from_db()
    response = client.get(reverse("nkk:recommendation", args=[old_slug]))
    assert response.status_code == 301 and response["Location"] == recommendation.get_absolute_url()
    response = client.get(reverse("nkk:version", args=[old_slug, 1]))
    assert response.status_code == 301
    assert response["Location"] == reverse("nkk:version", args=[recommendation.slug, 1])


def test_a_merged_recommendation_redirects_to_the_one_replacing_it(client, cast, area, nag):
    date = _new_date(2)
    old = make_recommendation(area, nag, title="Smärtanalys")
    publish_now(old.versions.get(), cast, date)
    new = make_recommendation(area, nag, title="Långvarig smärta")
    services.version_update(
        version=new.versions.get(), by=cast.owner_member, change_kind=ChangeKind.MERGED, replaces=[old]
    )
    publish_now(new.versions.get(), cast, _new_date(9))
    response = client.get(reverse("nkk:recommendation", args=[old.slug]))
    assert response.status_code == 301 and response["Location"] == new.get_absolute_url()
    # The replaced text's published version keeps its permanent address.
    assert client.get(reverse("nkk:version", args=[old.slug, 1])).status_code == 200


def test_drafts_are_not_public(client, cast, recommendation):
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    assert client.get(reverse("nkk:version", args=[recommendation.slug, 1])).status_code == 404
    assert client.get(reverse("nkk:work", args=[recommendation.slug])).status_code == 302  # log in
    client.force_login(cast.outsider)
    assert client.get(reverse("nkk:work", args=[recommendation.slug])).status_code == 403


def test_the_list_filters_by_area_population_and_date(client, cast, area, nag):
    date = _new_date(2)
    child = make_recommendation(area, nag, title="Barnet", target_populations=["barn"])
    adult = make_recommendation(area, nag, title="Vuxen", target_populations=["vuxna"])
    for rec in (child, adult):
        walk_to(rec.versions.get(), State.PLANNED, cast, date)
    services.publishing_date_publish(publishing_date=date, on=date.date)
    titles = lambda params: [r.title for r in client.get(reverse("nkk:list"), params).context["recommendations"]]  # noqa: E731
    assert titles({"malgrupp": "barn"}) == ["Barnet"]
    assert titles({"omrade": area.slug}) == ["Barnet", "Vuxen"]
    assert titles({"uppdaterad_sedan": (date.date + datetime.timedelta(1)).isoformat()}) == []


def _many_published(area, nag, cast, n, prefix="Fler"):
    """`n` more public recommendations, cheaply: rows sharing one published version (the list
    reads the recommendation and its current version's date, nothing else)."""
    from nkk.models import Recommendation

    rec = Recommendation.objects.public().first() or _one_published(area, nag, cast)
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                slug=f"{prefix.lower()}-{i:03d}",
                title=f"Fler {prefix.lower()} {i:03d}",
                subject_area=area,
                owning_group=nag,
                target_populations=["vuxna"],
                current_version_id=rec.current_version_id,
                last_published_on=rec.last_published_on,
            )
            for i in range(n)
        ]
    )


def _one_published(area, nag, cast):
    rec = make_recommendation(area, nag, title="Den första", target_populations=["vuxna"])
    publish_now(rec.versions.get(), cast, _new_date(2))
    rec.refresh_from_db()
    return rec


def test_the_list_is_paginated_with_an_accessible_nav_that_keeps_the_filters(client, cast, area, nag):
    _many_published(area, nag, cast, 119)  # with the first: 120
    url = reverse("nkk:list")
    response = client.get(url, {"malgrupp": "vuxna"})
    assert response.status_code == 200
    assert len(response.context["recommendations"]) == 50
    assert response.context["total"] == 120
    html = response.content.decode()
    assert "120 kunskapsstöd." in html
    assert "Visar 1–50, sida 1 av 3." in html
    assert '<nav class="pagination page-numbers" aria-label="Sidnumrering">' in html
    assert '<a href="?malgrupp=vuxna&amp;page=1" aria-current="page">' in html
    assert 'href="?malgrupp=vuxna&amp;page=2" rel="next"' in html
    assert 'rel="prev"' not in html
    last = client.get(url, {"malgrupp": "vuxna", "page": "3"})
    assert len(last.context["recommendations"]) == 20
    assert 'href="?malgrupp=vuxna&amp;page=2" rel="prev"' in last.content.decode()
    assert 'rel="next"' not in last.content.decode()
    # Every row once over the pages, in the list's order.
    pages = [client.get(url, {"malgrupp": "vuxna", "page": p}).context["recommendations"] for p in (1, 2, 3)]
    seen = [r.pk for page in pages for r in page]
    assert len(seen) == len(set(seen)) == 120


@pytest.mark.parametrize(("page", "shown"), [("999", 3), ("0", 3), ("-1", 3), ("abc", 1), ("", 1), ("2.5", 1)])
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_the_first(client, cast, area, nag, page, shown):
    _many_published(area, nag, cast, 119)
    response = client.get(reverse("nkk:list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_one_page_of_results_has_no_pagination_nav_and_the_count_groups_thousands(client, cast, area, nag):
    _many_published(area, nag, cast, 3)
    response = client.get(reverse("nkk:list"))
    html = response.content.decode()
    assert "4 kunskapsstöd." in html
    assert "Sidnumrering" not in html
    from nkk.views import RecommendationListView

    view = RecommendationListView()
    view.page_size = 2
    view.setup(response.wsgi_request)
    assert view.get_context_data()["pages"]["num_pages"] == 2
    from django.utils import translation
    from django.utils.formats import number_format

    with translation.override("sv"):
        assert number_format(4000, force_grouping=True) == "4\xa0000"


def test_the_list_keeps_its_query_count_at_2_20_and_120_rows(client, cast, area, nag, django_assert_num_queries):
    _many_published(area, nag, cast, 1, prefix="Start")  # 2
    urls = [reverse("nkk:list"), reverse("nkk:list") + "?malgrupp=vuxna&page=2", reverse("nkk:list") + "?q=fler"]
    for more in (0, 18, 100):  # 2, 20, 120 rows
        _many_published(area, nag, cast, more, prefix=f"Fler{more}")
        for url in urls:
            with django_assert_num_queries(QUERIES["lista"]):
                assert client.get(url).status_code == 200


def test_recent_groups_by_date_and_the_feed_is_atom(client, cast, recommendation):
    date = _new_date(2)
    publish_now(recommendation.versions.get(), cast, date)
    html = client.get(reverse("nkk:recent")).content.decode()
    assert f"Publicerade {date.date.day}/{date.date.month}-{date.date:%y}:" in html
    assert "Förstoppning hos barn</a> (ny)" in html
    assert f'<a href="{recommendation.versions.get().get_absolute_url()}">' in html
    # The addresses are made from one reversal: a slug with digits in it keeps them.
    digits = make_recommendation(recommendation.subject_area, recommendation.owning_group, title="Exempel 987654321")
    publish_now(digits.versions.get(), cast, _new_date(3))
    html = client.get(reverse("nkk:recent")).content.decode()
    assert f'<a href="/kunskapsstod/{digits.slug}/version/1/">' in html and "987654321" in digits.slug
    feed = client.get(reverse("nkk:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Förstoppning hos barn (ny)" in feed.content.decode()


def test_transition_buttons_post_with_permission_and_swedish_messages(client, cast, recommendation):
    url = reverse("nkk:transition", args=[recommendation.slug])
    client.force_login(cast.owner_member)
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "behörighet" in response.content.decode()
    assert recommendation.versions.get().state == State.DRAFT
    client.force_login(cast.owner_leader)
    page = client.get(reverse("nkk:work", args=[recommendation.slug])).content.decode()
    assert "Skicka till NPO för godkännande" in page
    response = client.post(url, {"action": "submit", "comment": "Klar."}, follow=True)
    assert "Versionen är nu" in response.content.decode()
    assert recommendation.versions.get().state == State.NPO_APPROVAL


def test_editing_a_draft_sanitises(client, cast, recommendation):
    client.force_login(cast.owner_member)
    url = reverse("nkk:draft", args=[recommendation.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Förstoppning hos barn",
            "change_kind": "ny",
            "section_behandling": "Exempeltext <script>alert(1)</script>",
            "icd10_codes": "K59.0",
        },
    )
    assert response.status_code == 302
    section = recommendation.versions.get().sections.get()
    assert "<script>" not in section.body_html
    recommendation.refresh_from_db()
    assert recommendation.icd10_codes == ["K59.0"]


def test_support_staff_publish_a_date_by_hand_after_confirming(client, cast, recommendation):
    date = PublishingDate.objects.create(date=today())
    walk_to(recommendation.versions.get(), State.PLANNED, cast, date)
    url = reverse("nkk:publish_date", args=[date.date.isoformat()])
    client.force_login(cast.owner_leader)
    assert client.get(url).status_code == 403
    client.force_login(cast.support)
    page = client.get(url)
    assert "Bekräfta publiceringen" in page.content.decode()
    client.post(url, {})  # no confirmation: nothing happens
    date.refresh_from_db()
    assert date.status == PublishingDateStatus.OPEN
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "1 kunskapsstöd är publicerade." in response.content.decode()
    date.refresh_from_db()
    assert date.status == PublishingDateStatus.PUBLISHED


def test_the_group_page_lists_the_working_groups_recommendations(client, cast, recommendation, nag):
    html = client.get(reverse("organisation:group", args=[nag.slug])).content.decode()
    assert "Förstoppning hos barn" in html


def test_mina_uppdrag_lists_what_waits_for_the_person(client, cast, recommendation):
    client.force_login(cast.owner_member)
    html = client.get(reverse("organisation:my_assignments")).content.decode()
    assert "Kunskapsstöd som väntar på dig" in html and "Förstoppning hos barn" in html
    walk_to(recommendation.versions.get(), State.NPO_APPROVAL, cast)
    client.force_login(cast.npo_chair)
    html = client.get(reverse("organisation:my_assignments")).content.decode()
    assert "Förstoppning hos barn" in html


def test_compare_marks_changes(client, cast, recommendation):
    publish_now(recommendation.versions.get(), cast, _new_date(2))
    v2 = services.version_open(recommendation=recommendation, by=cast.owner_member)
    services.version_update(
        version=v2, by=cast.owner_member, sections={"behandling": "Exempeltext – inte ett kliniskt råd. <b>Ny</b> rad."}
    )
    publish_now(v2, cast, _new_date(9))
    html = client.get(reverse("nkk:compare", args=[recommendation.slug]), {"fran": 1, "till": 2}).content.decode()
    assert "<ins>" in html and "<del>" in html and "&lt;b&gt;" in html
    assert f'href="{recommendation.get_absolute_url()}"' in html
    for version in recommendation.versions.all():
        assert f"{version.number} – {version.get_state_display()}</option>" in html


def test_a_working_group_leader_starts_a_recommendation(client, cast, area, nag):
    url = reverse("nkk:create")
    client.force_login(cast.owner_member)
    assert client.get(url).status_code == 403
    client.force_login(cast.owner_leader)
    response = client.post(url, {"title": "Nytt exempel", "subject_area": area.pk, "owning_group": nag.pk})
    assert response.status_code == 302
    rec = nag.recommendations.get(title="Nytt exempel")
    assert rec.versions.get().state == State.DRAFT


@pytest.mark.parametrize(
    "model", ["subjectarea", "publishingdate", "recommendation", "recommendationversion", "transitionrecord"]
)
def test_the_admin_is_for_support_staff(client, cast, recommendation, model):
    url = reverse(f"admin:nkk_{model}_changelist")
    cast.support.is_staff = True
    cast.support.save()
    client.force_login(cast.support)
    assert client.get(url).status_code == 200
    cast.owner_leader.is_staff = True
    cast.owner_leader.save()
    client.force_login(cast.owner_leader)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("q", "found"),
    [("smärtor", True), ("smarta", True), ("långvarig", True), ("Langvarig smarta", True), ("benbrott", False)],
)
def test_swedish_search_finds_inflected_forms_and_missing_diacritics(client, cast, area, nag, q, found):
    date = _new_date(2)
    for title in ("Långvarig smärta", "Förstoppning hos barn"):
        walk_to(make_recommendation(area, nag, title=title).versions.get(), State.PLANNED, cast, date)
    services.publishing_date_publish(publishing_date=date, on=date.date)
    titles = [r.title for r in client.get(reverse("nkk:list"), {"q": q}).context["recommendations"]]
    assert titles == (["Långvarig smärta"] if found else [])


def test_search_keeps_the_query_count(client, cast, area, nag, django_assert_num_queries):
    _published(area, nag, cast, 2, _new_date(2))
    url = reverse("nkk:list") + "?q=exempel"
    with django_assert_num_queries(QUERIES["lista"]):
        assert client.get(url).status_code == 200
    _published(area, nag, cast, 20, _new_date(3))
    with django_assert_num_queries(QUERIES["lista"]):
        assert client.get(url).status_code == 200


def _bulk_published(area, nag, date, n, prefix):
    """`n` recommendations with a first version published at `date`, cheaply: inserted as
    planned and published with the one UPDATE the triggers allow (as bench/nkk.py does)."""
    from django.db import connection

    from nkk.models import Recommendation, RecommendationVersion

    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                slug=f"{prefix.lower()}-{i:03d}",
                title=f"{prefix} {i:03d}",
                subject_area=area,
                owning_group=nag,
                target_populations=["vuxna"],
            )
            for i in range(n)
        ]
    )
    versions = RecommendationVersion.objects.bulk_create(
        [
            RecommendationVersion(
                recommendation=rec,
                number=1,
                title=rec.title,
                state=State.PLANNED,
                publishing_date=date,
                change_kind=ChangeKind.NEW,
            )
            for rec in recs
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nkk_recommendationversion SET state = %s, published_at = now() WHERE id = ANY(%s)",
            [State.PUBLISHED, [v.pk for v in versions]],
        )


def test_recent_shows_50_versions_a_page_under_its_dates_and_the_feed_the_latest_50(
    client, area, nag, django_assert_num_queries
):
    older, newer = (
        PublishingDate.objects.create(
            date=today() - datetime.timedelta(days=days), status=PublishingDateStatus.PUBLISHED
        )
        for days in (40, 10)
    )
    _bulk_published(area, nag, older, 3, "Tidigare")
    _bulk_published(area, nag, newer, 2, "Nyare")
    url, feed = reverse("nkk:recent"), reverse("nkk:feed")
    with django_assert_num_queries(QUERIES["nyligen"]):
        html = client.get(url).content.decode()
    assert html.count("/version/1/") == 5 and "Sidnumrering" not in html
    assert "3 kunskapsstöd" in html and "2 kunskapsstöd" in html
    with django_assert_num_queries(1):
        few = client.get(feed).content.decode()
    assert few.count("<entry>") == 5

    _bulk_published(area, nag, newer, 60, "Fler")  # the newer date: 62, with the older 65
    with django_assert_num_queries(QUERIES["nyligen"]):
        first = client.get(url).content.decode()
    assert first.count("/version/1/") == 50  # the page stays the same size however much is published
    assert "62 kunskapsstöd" in first and "Visar 1–50 av 65." in first
    assert '<nav class="pagination page-numbers" aria-label="Sidnumrering">' in first
    assert f'href="?page=2#datum-{older.date:%Y-%m-%d}"' in first  # the older date starts on page 2
    assert f"Publicerade {newer.date.day}/{newer.date.month}-{newer.date:%y}:" in first
    with django_assert_num_queries(QUERIES["nyligen"]):
        second = client.get(url, {"page": 2}).content.decode()
    assert second.count("/version/1/") == 15
    assert f"Publicerade {newer.date.day}/{newer.date.month}-{newer.date:%y}, fortsättning:" in second
    assert f"Publicerade {older.date.day}/{older.date.month}-{older.date:%y}:" in second
    assert second.index("Nyare") < second.index("Tidigare")  # newest date first, then by title

    with django_assert_num_queries(1):
        many = client.get(feed).content.decode()
    assert many.count("<entry>") == 50  # the feed: the latest 50, however many there are
