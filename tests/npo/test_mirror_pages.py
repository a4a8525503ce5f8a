"""The program-area and collaboration-group pages: one row per national group, one column per
sjukvårdsregion showing its mirror, in a fixed number of queries and without contact data."""

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from npo.models import ProgramArea
from nsg.models import CollaborationGroup
from tests.factories import GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

#: Queries per page, whatever the number of groups: groups, hostings, leaders, mirrors, sjukvårdsregioner.
PAGE_QUERIES = 5


def test_proxies_see_only_their_kind():
    assert ProgramArea.objects.count() == Group.objects.filter(kind=GroupKind.NPO).count() == 26
    assert set(CollaborationGroup.objects.values_list("kind", flat=True)) == {GroupKind.NSG}


def test_a_new_program_area_is_an_npo_whatever_kind_it_was_given():
    area = ProgramArea(name="Demo-NPO", slug="demo-npo", kind=GroupKind.NSG)
    area.save()
    assert Group.objects.get(pk=area.pk).kind == GroupKind.NPO


def test_program_area_page_marks_the_rpo_the_sources_name(client):
    response = client.get(reverse("npo:list"))
    assert response.status_code == 200
    html = response.content.decode()
    cancer = Group.objects.get(kind=GroupKind.NPO, name="Cancersjukdomar")
    rpo = cancer.mirrors.get()
    assert rpo.healthcare_region.slug == "norra"
    assert rpo.get_absolute_url() in html
    assert len(response.context["rows"]) == 26
    row = next(r for r in response.context["rows"] if r["group"] == cancer)
    regions = list(HealthcareRegion.objects.order_by("name"))
    assert [m.pk if m else None for m in row["mirrors"]] == [rpo.pk if r.slug == "norra" else None for r in regions]


def test_closed_mirrors_are_not_shown(client):
    cancer = Group.objects.get(kind=GroupKind.NPO, name="Cancersjukdomar")
    cancer.mirrors.update(closed_on="2024-01-01")
    row = next(r for r in client.get(reverse("npo:list")).context["rows"] if r["group"] == cancer)
    assert row["covered"] == 0


def test_pages_show_no_contact_data_to_anonymous_visitors(client):
    npo = Group.objects.filter(kind=GroupKind.NPO).first()
    MembershipFactory(group=npo, role="ordforande", person=PersonFactory(email="ordf.demo@demo.invalid"))
    html = client.get(reverse("npo:list")).content.decode()
    assert npo.name in html
    assert "ordf.demo@demo.invalid" not in html


@pytest.mark.parametrize("url_name, kind", [("npo:list", GroupKind.NPO), ("nsg:list", GroupKind.NSG)])
def test_query_count_is_fixed(client, django_assert_num_queries, url_name, kind):
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse(url_name))
    for i in range(5):
        group = GroupFactory(kind=kind, name=f"Demo {i}", slug=f"demo-{kind}-{i}")
        MembershipFactory(group=group, role="processledare")
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
