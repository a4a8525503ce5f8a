"""Nuläge: the figures are counted live, match counts made independently here, and each links
to the list behind it; other apps add figures through the registry. Also the demo plans."""

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership
from kunskapsstyrning.organisation.models.periods import is_active
from kunskapsstyrning.organisation.registry import StatusFigure, registry
from plans.choices import PLANNING_KINDS, PlanState
from plans.models import Initiative, PlanYear
from tests.clock import TODAY, frozen

pytestmark = [pytest.mark.django_db, frozen]


def independent_initiatives_this_year() -> int:
    """Per group: the newest approved revision of this year, else the newest revision."""
    total = 0
    for group_id in set(PlanYear.objects.filter(year=TODAY.year).values_list("group_id", flat=True)):
        plans = list(PlanYear.objects.filter(group_id=group_id, year=TODAY.year))
        approved = [p for p in plans if p.state == PlanState.APPROVED]
        chosen = max(approved or plans, key=lambda p: p.revision)
        total += Initiative.objects.filter(plan=chosen).count()
    return total


def independent_vacant_groups() -> set[str]:
    regions = set(HealthcareRegion.objects.values_list("pk", flat=True))
    vacant = set()
    for group in Group.objects.filter(kind__in=PLANNING_KINDS, closed_on__isnull=True):
        seated = set()
        for m in Membership.objects.filter(group=group).select_related("represents_region"):
            if not is_active(m, TODAY):
                continue
            if m.represents_healthcare_region_id:
                seated.add(m.represents_healthcare_region_id)
            elif m.represents_region_id:
                seated.add(m.represents_region.healthcare_region_id)
        if regions - seated:
            vacant.add(group.name)
    return vacant


def figure(response, key):
    for _section, figures in response.context["sections"]:
        for f in figures:
            if f["key"] == key:
                return f
    raise AssertionError(key)


def test_the_figures_match_independent_counts_and_link_to_their_lists(client, demo):
    # One seat left empty, so that "vacant seats" has both kinds of group.
    Membership.objects.filter(group__slug="npo-tandvard", role="ledamot").first().delete()
    response = client.get(reverse("plans:nulage"))
    assert response.status_code == 200

    initiatives = figure(response, "plans.initiatives_this_year")
    assert initiatives["count"] == independent_initiatives_this_year() > 0
    listed = client.get(initiatives["url"])
    assert listed.context["total"] == initiatives["count"]

    approved = figure(response, "plans.approved_plans_this_year")
    expected = PlanYear.objects.filter(year=TODAY.year, state=PlanState.APPROVED).values("group").distinct().count()
    assert approved["count"] == expected > 0
    listed = client.get(approved["url"])
    assert {i.plan.group_id for i in listed.context["paginator"].object_list} and all(
        i.plan.state == PlanState.APPROVED for i in listed.context["object_list"]
    )

    vacant = figure(response, "plans.vacant_seats")
    expected = independent_vacant_groups()
    assert vacant["count"] == len(expected) and "Tandvård" in expected
    listed = client.get(vacant["url"])
    assert {g.name for g, _findings in listed.context["rows"]} == expected


def test_an_app_below_adds_its_figure_in_a_few_lines(client, monkeypatch):
    monkeypatch.setattr(registry, "status_figures", list(registry.status_figures))
    registry.add_status_figure(
        StatusFigure(
            key="svf.approved",
            section="Vårdförlopp",
            label="godkända vårdförlopp",
            count=lambda: 11,
            url=lambda: "/vardforlopp/?status=godkand",
            order=10,
        )
    )
    html = client.get(reverse("plans:nulage")).content.decode()
    assert '<a href="/vardforlopp/?status=godkand">Godkända vårdförlopp</a></dt><dd>11</dd>' in html
    assert html.index("Vårdförlopp") < html.index("Verksamhetsplaner")


def test_demo_plans_are_marked_and_idempotent(demo):
    from plans.demo import load_demo_plans

    count = Initiative.objects.count()
    assert count > 20
    assert not Initiative.objects.exclude(title__startswith="Demo:").exists()
    assert not Initiative.objects.exclude(description__contains="Påhittat exempel").exists()
    assert PlanYear.objects.filter(revision=2, state=PlanState.DRAFT).exists()
    load_demo_plans()
    assert Initiative.objects.count() == count


def test_nkk_and_svf_figures_are_counted_live_and_link_to_their_lists(client, npo):
    """Published recommendations, those under revision, decided vårdförlopp and those under way,
    compared with counts made here row by row (not with the selectors' queries)."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from nkk.choices import OPEN_STATES, RecommendationStatus
    from nkk.models import Recommendation
    from svf.models import CarePathway
    from tests.factories import GroupFactory, UserFactory

    from .conftest import make_pathway, make_recommendation

    nag = GroupFactory(kind=GroupKind.NAG)
    make_recommendation(nag, "Exempel publicerat", published=True, steering_npo=npo)
    make_recommendation(nag, "Exempel under revidering", published=True, open_version=True, steering_npo=npo)
    make_recommendation(nag, "Exempel utkast", open_version=True, steering_npo=npo)  # never published
    withdrawn = make_recommendation(nag, "Exempel återkallat", published=True, open_version=True, steering_npo=npo)
    Recommendation.objects.filter(pk=withdrawn.pk).update(status=RecommendationStatus.WITHDRAWN)
    for n, state in enumerate(["beslutad", "publicerad", "under_revidering", "publicerad", "paborjad", "pa_remiss"]):
        make_pathway(f"Exempelförlopp {n}", state)
    make_pathway("Exempelförlopp bearbetas", "bearbetning")

    published, revising = 0, 0
    for rec in Recommendation.objects.all():
        if rec.status == RecommendationStatus.ACTIVE and rec.current_version_id:
            published += 1
            revising += any(v.state in OPEN_STATES for v in rec.versions.all())
    states = [p.state for p in CarePathway.objects.all()]
    approved = sum(s in ("beslutad", "publicerad", "under_revidering") for s in states)
    under_way = sum(s in ("paborjad", "pa_remiss", "bearbetning") for s in states)
    assert (published, revising, approved, under_way) == (2, 1, 4, 3)

    response = client.get(reverse("plans:nulage"))
    assert figure(response, "nkk.published")["count"] == published
    assert figure(response, "nkk.under_revision")["count"] == revising
    assert figure(response, "svf.approved")["count"] == approved
    assert figure(response, "svf.under_way")["count"] == under_way

    listed = client.get(figure(response, "nkk.published")["url"])
    assert listed.status_code == 200 and len(listed.context["recommendations"]) == published
    assert figure(response, "nkk.under_revision")["url"] == reverse("nkk:work_list")
    # The vårdförlopp figures open the public list at their section.
    assert figure(response, "svf.approved")["url"] == reverse("svf:list") + "#publicerade"
    assert figure(response, "svf.under_way")["url"] == reverse("svf:list") + "#under-arbete"
    assert client.get(reverse("svf:list")).status_code == 200
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(figure(response, "nkk.under_revision")["url"]).status_code == 200


def test_the_nulage_page_runs_a_constant_number_of_queries(client, npo, django_assert_num_queries):
    from kunskapsstyrning.organisation.choices import GroupKind
    from tests.factories import GroupFactory

    from .conftest import make_pathway, make_recommendation

    def grow(n):
        nag = GroupFactory(kind=GroupKind.NAG)
        for i in range(n):
            make_recommendation(nag, f"Exempel {nag.pk} {i}", published=True, open_version=i % 2 == 0)
            make_pathway(f"Exempelförlopp {nag.pk} {i}", "beslutad" if i % 2 else "pa_remiss")

    from kunskapsstyrning.organisation import aggregates
    from plans.extensions import NULAGE

    grow(2)
    aggregates.recompute(NULAGE)  # what the worker does after the writes
    with django_assert_num_queries(1):  # the stored figures
        small = client.get(reverse("plans:nulage"))
    grow(20)
    aggregates.recompute(NULAGE)
    with django_assert_num_queries(1):
        large = client.get(reverse("plans:nulage"))
    assert figure(large, "nkk.published")["count"] == figure(small, "nkk.published")["count"] + 20
    assert "Beräknad <time datetime=" in large.content.decode()
