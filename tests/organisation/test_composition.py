"""Composition rules per kind of group, on the group page and the support function's overview."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.declarations.services import declaration_file
from kunskapsstyrning.organisation import aggregates, composition_overview
from kunskapsstyrning.organisation.choices import Gender, GroupKind, Role
from kunskapsstyrning.organisation.composition import composition_findings
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from tests.clock import TODAY, frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory, make_support_staff

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


def codes(group, on=None):
    return sorted(f.code for f in composition_findings([group], on=on or TODAY)[group.pk])


def full_npo(*, genders=None, declared=True, chair_start=None, chair_end=None):
    """An NPO with one member per sjukvårdsregion (the first is chair) and a process leader."""
    npo = GroupFactory(kind=GroupKind.NPO)
    genders = genders or [Gender.WOMAN, Gender.MAN] * 3
    start = chair_start or TODAY - datetime.timedelta(days=100)
    for i, hr in enumerate(HealthcareRegion.objects.all()):
        person = PersonFactory(gender=genders[i])
        is_chair = i == 0
        MembershipFactory(
            group=npo,
            person=person,
            role=Role.CHAIR if is_chair else Role.MEMBER,
            represents_healthcare_region=hr,
            start_date=start if is_chair else D(2024, 1, 1),
            end_date=(chair_end or start + datetime.timedelta(days=3 * 365 - 1)) if is_chair else None,
        )
        if declared:
            declaration_file(person=person, form="standard", has_interests=False, text="")
    leader = PersonFactory()
    MembershipFactory(group=npo, person=leader, role=Role.PROCESS_LEADER, start_date=D(2024, 1, 1))
    if declared:
        declaration_file(person=leader, form="standard", has_interests=False, text="")
    return npo


def test_a_well_composed_npo_has_no_findings(structure):
    assert codes(full_npo()) == []


def test_missing_roles_and_vacant_seats(structure):
    npo = GroupFactory(kind=GroupKind.NPO)
    MembershipFactory(group=npo, represents_healthcare_region=HealthcareRegion.objects.get(slug="norra"))
    findings = composition_findings([npo], on=TODAY)[npo.pk]
    assert {f.code for f in findings} >= {"saknar_ordforande", "saknar_processledare", "vakant_plats"}
    vacant = [f.message for f in findings if f.code == "vakant_plats"]
    assert len(vacant) == 5 and "Vakant plats: ingen ledamot företräder sjukvårdsregion Södra." in vacant


def test_a_member_for_a_region_fills_its_healthcare_regions_seat(structure):
    npo = full_npo()
    seat = npo.memberships.get(represents_healthcare_region__slug="sodra")
    seat.represents_healthcare_region = None
    seat.represents_region = HealthcareRegion.objects.get(slug="sodra").regions.get(name="Skåne")
    seat.save()
    assert "vakant_plats" not in codes(npo)


def test_a_chair_beyond_three_years_is_flagged(structure):
    npo = full_npo(chair_start=D(2023, 1, 1), chair_end=D(2026, 6, 30))
    assert "ordforande_over_tre_ar" in codes(npo, on=D(2025, 1, 1))
    ok = full_npo(chair_start=D(2023, 1, 1), chair_end=D(2025, 12, 31))
    assert "ordforande_over_tre_ar" not in codes(ok, on=D(2025, 1, 1))


def test_gender_balance_outside_40_to_60_percent(structure):
    skewed = full_npo(genders=[Gender.WOMAN] * 5 + [Gender.MAN])
    findings = composition_findings([skewed], on=TODAY)[skewed.pk]
    assert any(f.code == "konsfordelning" and "83 % kvinnor" in f.message for f in findings)
    assert "konsfordelning" not in codes(full_npo(genders=[Gender.WOMAN] * 3 + [Gender.MAN] * 3))


def test_mandates_ending_within_90_days_unless_a_successor_is_in_place(structure):
    npo = full_npo()
    seat = npo.memberships.get(represents_healthcare_region__slug="vastra")
    seat.end_date = TODAY + datetime.timedelta(days=30)
    seat.save()
    assert "mandat_slutar" in codes(npo)
    MembershipFactory(
        group=npo,
        represents_healthcare_region=seat.represents_healthcare_region,
        start_date=seat.end_date + datetime.timedelta(days=1),
    )
    assert "mandat_slutar" not in codes(npo)


def test_members_without_a_current_declaration(structure):
    npo = full_npo(declared=False)
    finding = next(f for f in composition_findings([npo], on=TODAY)[npo.pk] if f.code == "javsdeklaration_saknas")
    assert len(finding.message.split(", ")) == 7


def test_a_declaration_older_than_a_year_is_not_current(structure):
    npo = full_npo(declared=False)
    for m in npo.memberships.all():
        declaration_file(
            person=m.person,
            form="standard",
            has_interests=False,
            text="",
            submitted_on=TODAY - datetime.timedelta(days=400),
        )
    assert "javsdeklaration_saknas" in codes(npo)


def test_a_nag_needs_a_patient_representative(structure):
    nag = GroupFactory(kind=GroupKind.NAG)
    assert "saknar_patientforetradare" in codes(nag)
    MembershipFactory(group=nag, role=Role.PATIENT_REPRESENTATIVE)
    assert "saknar_patientforetradare" not in codes(nag)


def test_composition_on_the_group_page_only_for_members(client, structure):
    npo = GroupFactory(kind=GroupKind.NPO)
    url = reverse("organisation:group", args=[npo.slug])
    assert "Sammansättning" not in client.get(url).content.decode()
    user = UserFactory()
    MembershipFactory(group=npo, person=PersonFactory(user=user))
    client.force_login(user)
    html = client.get(url).content.decode()
    assert "Sammansättning" in html and "Gruppen saknar ordförande." in html


# The exact number of queries of the composition overview, whatever the number of groups.
OVERVIEW_QUERIES = (
    10  # session, user, person, support-staff check, unread notices, the stored order, the filtered
    # groups, the filters' regions, the page's groups' details …
)


def test_overview_is_for_support_staff_and_runs_constant_queries(client, structure, django_assert_num_queries):
    url = reverse("organisation:composition_overview")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    staff = make_support_staff()
    client.force_login(staff)
    full_npo()

    def count():
        with django_assert_num_queries(OVERVIEW_QUERIES):
            response = client.get(url, {"typ": "npo"})
        assert response.status_code == 200
        return response

    aggregates.recompute(composition_overview.KIND)  # what the worker does after the writes
    count()
    for _ in range(5):
        full_npo(declared=False)
    aggregates.recompute(composition_overview.KIND)
    response = count()
    rows = response.context["rows"]
    assert len(rows) == 32  # 26 real NPOs and six made here, on one page
    assert sum(row.errors for row in rows) > 0
    # Worst first across all of them: most errors, then most warnings.
    assert [(r.errors, r.warnings) for r in rows] == sorted(((r.errors, r.warnings) for r in rows), reverse=True)
    by_name = client.get(url, {"typ": "npo", "ordning": "namn"}).context["rows"]
    assert [r.name for r in by_name] == sorted(r.name for r in by_name)


def test_overview_filters_by_host_healthcare_region_and_name(client, structure, django_assert_num_queries):
    url = reverse("organisation:composition_overview")
    client.force_login(make_support_staff())
    client.get(url)  # warm the per-process caches

    # The stored overview and the filtered groups' ids, and one more when a region is chosen: the
    # filter looks it up.
    def names(queries=OVERVIEW_QUERIES, **params):
        with django_assert_num_queries(queries):
            response = client.get(url, params)
        assert response.status_code == 200
        return {row.url.strip("/").split("/")[-1] for row in response.context["rows"]}

    hosted_by_norra = names(OVERVIEW_QUERIES + 1, host="norra")
    assert "npo-endokrina-sjukdomar" in hosted_by_norra and "npo-akut-vard" not in hosted_by_norra
    in_norra = names(OVERVIEW_QUERIES + 1, sjukvardsregion="norra")
    assert in_norra and all(
        g.healthcare_region.slug == "norra"
        for g in Group.objects.filter(slug__in=in_norra).select_related("healthcare_region")
    )
    assert names(q="endokrin", typ="npo") == {"npo-endokrina-sjukdomar"}
    page = client.get(url, {"q": "endokrin", "host": "norra"}).content.decode()
    assert "/oversikt/sammansattning/csv/?q=endokrin&amp;host=norra" in page


def test_overview_exports_csv_with_the_same_filters(client, structure):
    url = reverse("organisation:composition_csv")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(make_support_staff())
    response = client.get(url, {"q": "endokrin", "typ": "npo"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Grupp;Kortnamn;Typ;Sjukvårdsregion;Brister;Varningar;Iakttagelser"
    assert len([line for line in lines[1:] if line]) == 1 and lines[1].startswith("Endokrina sjukdomar;")
    assert "attachment" in response["Content-Disposition"]
