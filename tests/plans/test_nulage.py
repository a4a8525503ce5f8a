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
