"""Incremental sync: ?updated_since= returns what changed, an ended mandate included; ETag and
Last-Modified answer 304 while nothing changed, for lists and details, at the cost of one query."""

import datetime

import pytest
import time_machine

from kunskapsstyrning.organisation import services
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting, Membership
from tests.clock import NOW, frozen
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]

LATER = NOW + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def structure_loaded_the_day_before(structure):
    """The test database's structure was loaded at the real time of the run, after the frozen
    NOW: date it the day before, as it would be on a portal that has been running."""
    from kunskapsstyrning.organisation.models import GroupRelation, Person, Region

    for model in (HealthcareRegion, Region, Group, Hosting, GroupRelation, Person, Membership):
        model.objects.update(updated_at=NOW - datetime.timedelta(days=1))


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_updated_since_returns_new_and_ended_mandates(api, npo):
    old = MembershipFactory(group=npo)
    still = MembershipFactory(group=npo)
    since = (NOW + datetime.timedelta(hours=1)).isoformat()
    assert _ids(api.get("/api/v1/uppdrag/", {"updated_since": since})) == []
    with time_machine.travel(LATER, tick=False):
        services.membership_end(membership=old, end_date=datetime.date(2026, 3, 31), by=UserFactory())
        new = MembershipFactory(group=npo)
        rows = api.get("/api/v1/uppdrag/", {"updated_since": since}).json()["results"]
    assert [r["id"] for r in rows] == [old.pk, new.pk]
    assert rows[0]["end_date"] == "2026-03-31"  # the end, not a disappearance
    assert still.pk not in [r["id"] for r in rows]
    # A date means midnight in Stockholm; the same day as NOW finds everything of that day.
    assert set(_ids(api.get("/api/v1/uppdrag/", {"updated_since": "2026-03-16", "group": npo.slug}))) >= {still.pk}


def test_updated_since_on_groups_sees_a_new_host(api, npo):
    since = (NOW + datetime.timedelta(hours=1)).isoformat()
    assert api.get("/api/v1/grupper/", {"updated_since": since}).json()["results"] == []
    with time_machine.travel(LATER, tick=False):
        services.hosting_transfer(
            group=npo, host=HealthcareRegion.objects.get(slug="norra"), start_date=datetime.date(2026, 3, 17)
        )
        slugs = [g["slug"] for g in api.get("/api/v1/grupper/", {"updated_since": since}).json()["results"]]
    assert slugs == [npo.slug]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/uppdrag/?group=npo-akut-vard", "/api/v1/grupper/npo-akut-vard/", "/api/v1/grupper/?kind=npo"],
)
def test_etag_gives_304_until_something_changes(api, npo, url, django_assert_num_queries):
    MembershipFactory(group=npo)
    first = api.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and first["Cache-Control"] == "private, no-cache"
    # The aggregate, and the filter's look-up of the group by slug; anonymous: no session, no user.
    with django_assert_num_queries(2 if "group=" in url else 1):
        unchanged = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == etag
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    with time_machine.travel(LATER, tick=False):
        if "grupper/?" in url:
            Group.objects.filter(pk=npo.pk).update(updated_at=LATER)
        else:
            MembershipFactory(group=npo)
        changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_etag_depends_on_the_reader_and_the_filters(api, npo):
    anonymous = api.get("/api/v1/grupper/npo-akut-vard/")["ETag"]
    assert api.get("/api/v1/grupper/npo-akut-tandvard/".replace("akut-", ""))["ETag"] != anonymous
    assert api.get("/api/v1/grupper/?kind=npo")["ETag"] != api.get("/api/v1/grupper/?kind=nsg")["ETag"]
    api.force_login(UserFactory())
    assert api.get("/api/v1/grupper/npo-akut-vard/")["ETag"] != anonymous


def test_a_304_costs_one_query_with_a_token(api, npo, django_assert_num_queries):
    from tests.api.conftest import bearer

    headers = bearer(UserFactory())
    etag = api.get("/api/v1/uppdrag/", **headers)["ETag"]
    with django_assert_num_queries(2):  # the token (last use already recorded this minute) + the aggregate
        assert api.get("/api/v1/uppdrag/", HTTP_IF_NONE_MATCH=etag, **headers).status_code == 304


def test_a_current_hosting_ending_by_date_changes_the_etag_next_day(api, npo):
    etag = api.get("/api/v1/grupper/npo-akut-vard/")["ETag"]
    assert Hosting.objects.filter(group=npo).exists()
    with time_machine.travel(LATER, tick=False):
        assert api.get("/api/v1/grupper/npo-akut-vard/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cursor_paging_is_stable_while_rows_are_added(api, npo):
    for _ in range(5):
        MembershipFactory(group=npo)
    page = api.get("/api/v1/uppdrag/", {"page_size": 2, "ordering": "updated_at"}).json()
    seen = [r["id"] for r in page["results"]]
    MembershipFactory(group=npo)
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [r["id"] for r in page["results"]]
    assert len(seen) == len(set(seen)) == Membership.objects.count()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_membership_list_is_built_as_the_generic_serializer_would(npo, language):
    """The list's fast path (MembershipListSerializer) gives exactly what DRF's generic path gives
    row by row: every role, every kind of representation, open and ended mandates."""
    from django.utils import translation

    from kunskapsstyrning.organisation.api.serializers import MembershipSerializer
    from kunskapsstyrning.organisation.api.views import MembershipViewSet
    from kunskapsstyrning.organisation.choices import Role
    from kunskapsstyrning.organisation.models import Region

    region, healthcare_region = Region.objects.order_by("pk").first(), HealthcareRegion.objects.order_by("pk").first()
    MembershipFactory(group=npo, role=Role.CHAIR, represents_region=region, end_date=datetime.date(2027, 12, 31))
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, represents_healthcare_region=healthcare_region)
    MembershipFactory(group=npo, role=Role.MEMBER)
    rows = list(MembershipViewSet.queryset.order_by("pk"))
    assert {m.role for m in rows} >= {Role.CHAIR, Role.PROCESS_LEADER, Role.MEMBER}
    assert any(m.end_date for m in rows) and any(m.end_date is None for m in rows)
    assert any(m.represents is None for m in rows) and any(m.represents is not None for m in rows)
    with translation.override(language):
        fast = MembershipSerializer(rows, many=True).data
        generic = [MembershipSerializer(m).data for m in rows]
    assert [dict(row) for row in fast] == [dict(row) for row in generic]
