"""Regional introduction of care pathways: the reporting rule, the stages and their dates, the
reports per period, the gap analysis, the national matrix, the reminder and the demo data."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.notices.models import Notice
from kunskapsstyrning.notices.services import plan
from kunskapsstyrning.organisation import aggregates
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, Region
from svf import follow_up_selectors as selectors
from svf import follow_up_services as services
from svf.choices import PathwayState
from svf.follow_up_choices import ReportKind, Stage
from svf.models import GapActivity, Implementation, ImplementationReport, IndicatorValue
from svf.permissions import REPORT_FOR_REGION, reporting_groups
from tests.clock import TODAY, frozen
from tests.factories import UserFactory, make_support_staff

from .conftest import NPO_SLUG, make_pathway, member

pytestmark = [pytest.mark.django_db, frozen]


def _may(user, pathway, region) -> bool:
    return user.has_perm(REPORT_FOR_REGION, Implementation(pathway=pathway, region=region))


def test_who_reports_for_a_region(pathway, region, other_region, lpo, lag):
    from django.contrib.auth.models import AnonymousUser

    npo = Group.objects.get(slug=NPO_SLUG)
    other_lpo = Group.objects.get(kind=GroupKind.LPO, name="LPO Tandvård")
    cases = {
        "anonym": (AnonymousUser(), False),
        "utomstående": (UserFactory(), False),
        "ledamot i LPO": (member(lpo), True),
        "processledare i LPO": (member(lpo, Role.PROCESS_LEADER), True),
        "ledamot i LAG tillsatt av LPO": (member(lag), True),
        "ledamot i annat LPO i regionen": (member(other_lpo), False),
        "ordförande i NPO:t": (member(npo, Role.CHAIR), False),
        "stödfunktion": (make_support_staff(), True),
    }
    for name, (user, expected) in cases.items():
        assert _may(user, pathway, region) is expected, name
        # Nobody but support staff reports for another region.
        assert _may(user, pathway, other_region) is (name == "stödfunktion"), name
    # A pathway of another NPO: the LPO MGIK does not cover Psykisk hälsa.
    other = make_pathway("Schizofreni", npo_slug="npo-psykisk-halsa")
    assert not _may(member(lpo), other, region)


def test_a_region_with_a_named_responsible_group_reports_through_it(pathway, other_region):
    lpo = Group.objects.create(kind=GroupKind.LPO, name="LPO Test", slug="lpo-test", region=other_region)
    user = member(lpo)
    assert not _may(user, pathway, other_region)
    Implementation.objects.create(pathway=pathway, region=other_region, responsible_group=lpo)
    assert _may(member(lpo), pathway, other_region)  # a new request (the rule caches per user)


def test_the_stage_follows_the_dates(pathway, region, reporter, lpo):
    assert reporting_groups(pathway, region) == [lpo]
    implementation = services.implementation_update(
        pathway=pathway,
        region=region,
        by=reporter,
        responsible_group=lpo,
        decided_on=datetime.date(2025, 1, 10),
        gap_analysis_on=datetime.date(2025, 3, 1),
    )
    assert implementation.stage == Stage.GAP_ANALYSIS
    implementation = services.implementation_update(
        pathway=pathway, region=region, by=reporter, responsible_group=lpo, declined=True
    )
    assert implementation.stage == Stage.DECLINED
    assert Implementation.objects.count() == 1
    assert implementation.events.count() == 3  # created empty, then two updates: the history keeps all


def test_bad_dates_are_refused_in_swedish_and_nothing_is_written(pathway, region, reporter):
    with pytest.raises(ValidationError) as exc:
        services.implementation_update(
            pathway=pathway,
            region=region,
            by=reporter,
            decided_on=datetime.date(2025, 5, 1),
            gap_analysis_on=datetime.date(2025, 4, 1),
        )
    assert "Datumet kan inte vara före beslut om införande." in exc.value.message_dict["gap_analysis_on"]
    with pytest.raises(ValidationError) as exc:
        services.implementation_update(pathway=pathway, region=region, by=reporter, action_plan_on=TODAY)
    assert "Ange först datum för beslutet om införande." in exc.value.message_dict["action_plan_on"]
    with pytest.raises(ValidationError) as exc:
        services.implementation_update(
            pathway=pathway, region=region, by=reporter, responsible_group=Group.objects.get(slug=NPO_SLUG)
        )
    assert "responsible_group" in exc.value.message_dict
    assert not Implementation.objects.exists()


def test_others_and_unpublished_pathways_are_refused(pathway, region, other_region, reporter):
    with pytest.raises(PermissionDenied):
        services.implementation_update(pathway=pathway, region=other_region, by=reporter, decided_on=TODAY)
    draft = make_pathway("Utkast", state=PathwayState.CONSULTATION)
    with pytest.raises(ValidationError, match="inte publicerat"):
        services.implementation_update(pathway=draft, region=region, by=reporter, decided_on=TODAY)
    assert not Implementation.objects.exists()


def test_reports_are_kept_per_period_and_once(pathway, region, reporter):
    implementation = services.implementation_get(pathway, region)
    with pytest.raises(ValidationError, match="beslutat att införa"):
        services.report_submit(
            implementation=implementation, kind=ReportKind.YEARLY, year=2026, summary="x", by=reporter
        )
    implementation = services.implementation_update(
        pathway=pathway, region=region, by=reporter, decided_on=datetime.date(2025, 1, 1)
    )
    services.report_submit(
        implementation=implementation, kind=ReportKind.PROGRESS, year=2025, summary="Hösten", by=reporter
    )
    services.report_submit(
        implementation=implementation, kind=ReportKind.YEARLY, year=2026, summary="Året", by=reporter
    )
    with pytest.raises(ValidationError, match="redan lämnat"):
        services.report_submit(
            implementation=implementation, kind=ReportKind.YEARLY, year=2026, summary="Igen", by=reporter
        )
    with pytest.raises(ValidationError, match="inte börjat"):
        services.report_submit(
            implementation=implementation, kind=ReportKind.PROGRESS, year=2027, summary="För tidigt", by=reporter
        )
    reports = ImplementationReport.objects.filter(implementation=implementation).order_by("year")
    assert [(r.kind, r.year, r.stage, r.summary) for r in reports] == [
        (ReportKind.PROGRESS, 2025, Stage.DECIDED, "Hösten"),
        (ReportKind.YEARLY, 2026, Stage.DECIDED, "Året"),
    ]


def test_gap_analysis_activities(pathway, region, reporter):
    implementation = services.implementation_update(
        pathway=pathway, region=region, by=reporter, decided_on=datetime.date(2025, 1, 1)
    )
    first = services.activity_add(implementation=implementation, title="Utbildning", owner="Primärvården", by=reporter)
    second = services.activity_add(
        implementation=implementation,
        title="Rutin",
        owner="Slutenvården",
        due_on=datetime.date(2026, 6, 1),
        by=reporter,
    )
    assert (first.position, second.position, first.status) == (1, 2, "ej_paborjad")
    services.activity_update(activity=first, by=reporter, status="klar", due_on=None, owner="Primärvården")
    assert GapActivity.objects.get(pk=first.pk).status == "klar"
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=first, by=UserFactory(), status="pagar", due_on=None, owner="x")


def _stages(pathways, regions):
    """A fixed pattern of stages over the matrix; returns {(pathway pk, region pk): stage}."""
    expected = {}
    dates = [datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)]
    rows = []
    for i, pathway in enumerate(pathways):
        for j, region in enumerate(regions):
            k = (i + j) % 5
            if k == 0:
                continue
            if k == 1:
                rows.append(Implementation(pathway=pathway, region=region, declined=True, stage=Stage.DECLINED))
                expected[(pathway.pk, region.pk)] = Stage.DECLINED
                continue
            n = k - 1  # 1..3 dates
            fields = dict(zip(("decided_on", "gap_analysis_on", "action_plan_on"), dates[:n], strict=False))
            implementation = Implementation(pathway=pathway, region=region, **fields)
            implementation.stage = services.stage_of(implementation)
            rows.append(implementation)
            expected[(pathway.pk, region.pk)] = implementation.stage
    Implementation.objects.bulk_create(rows)
    return expected


def test_the_matrix_shows_every_cell_and_counts(structure):
    pathways = [make_pathway(f"Förlopp {n}") for n in range(3)]
    make_pathway("Inte publicerat", state=PathwayState.STARTED)
    regions = list(Region.objects.all())
    expected = _stages(pathways, regions)
    matrix = selectors.matrix()
    assert [row.pathway.name for row in matrix["rows"]] == ["Förlopp 0", "Förlopp 1", "Förlopp 2"]
    assert len(matrix["regions"]) == 21
    for row in matrix["rows"]:
        assert len(row.cells) == 21
        for cell in row.cells:
            assert cell.stage == expected.get((row.pathway.pk, cell.region.pk), Stage.NOT_DECIDED)
    counts = {key: count for key, _label, count in matrix["stage_counts"]}
    assert sum(counts.values()) == 3 * 21
    assert counts[Stage.NOT_DECIDED] == 3 * 21 - len(expected)
    # One sjukvårdsregion's columns only.
    norra = selectors.matrix(healthcare_region=Region.objects.get(name="Norrbotten").healthcare_region)
    assert {r.name for r in norra["regions"]} == {"Norrbotten", "Västerbotten", "Jämtland Härjedalen", "Västernorrland"}


@pytest.mark.parametrize("count", [2, 20])
def test_the_matrix_page_is_public_and_fixed_in_queries(client, structure, count, django_assert_num_queries):
    pathways = [make_pathway(f"Förlopp {n:02}") for n in range(count)]
    expected = _stages(pathways, list(Region.objects.all()))
    implementation = Implementation.objects.filter(stage=Stage.ACTION_PLAN).select_related("pathway", "region").first()
    ImplementationReport.objects.create(
        implementation=implementation,
        kind=ReportKind.YEARLY,
        year=2026,
        stage=Stage.ACTION_PLAN,
        summary="x",
        submitted_on=TODAY,
    )
    aggregates.recompute(selectors.MATRIX)  # what the worker does after the writes
    with django_assert_num_queries(1):  # the stored matrix
        response = client.get(reverse("svf_follow_up:matrix"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('"stage-ej_beslutat"') == 21 * count - len(expected)
    assert body.count(f'"stage-{Stage.ACTION_PLAN}"') == sum(1 for s in expected.values() if s == Stage.ACTION_PLAN)
    assert implementation.get_absolute_url() in body
    assert body.count("<small>2026</small>") == 1  # the one cell with a report shows its year
    assert "Beräknad <time datetime=" in body
    # One sjukvårdsregion's columns, from the same stored matrix.
    with django_assert_num_queries(1):
        body = client.get(reverse("svf_follow_up:matrix"), {"sjukvardsregion": "norra"}).content.decode()
    assert body.count('<td class="stage-') == 4 * count


def test_the_introduction_page_and_its_forms(client, pathway, region, reporter, lpo, django_assert_num_queries):
    url = reverse("svf_follow_up:implementation", args=[pathway.slug, region.slug])
    assert client.get(url).status_code == 200  # public, nothing recorded yet
    edit = reverse("svf_follow_up:implementation_edit", args=[pathway.slug, region.slug])
    assert client.get(edit).status_code == 302  # to the login
    client.force_login(UserFactory())
    assert client.get(edit).status_code == 403
    client.force_login(reporter)
    response = client.post(
        edit, {"responsible_group": lpo.pk, "decided_on": "2025-02-01", "gap_analysis_on": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "Datumet kan inte vara före beslut om införande." in response.content.decode()
    assert not Implementation.objects.exists()
    response = client.post(
        edit, {"responsible_group": lpo.pk, "decided_on": "2025-02-01", "gap_analysis_on": "2025-03-01"}
    )
    assert response.status_code == 302
    assert Implementation.objects.get().stage == Stage.GAP_ANALYSIS
    report = reverse("svf_follow_up:report", args=[pathway.slug, region.slug])
    assert client.post(report, {"kind": "arsrapport", "year": 2026, "summary": "Läget"}).status_code == 302
    add = reverse("svf_follow_up:activity_add", args=[pathway.slug, region.slug])
    for n in range(3):
        client.post(add, {"title": f"Aktivitet {n}", "owner": "Primärvården", "status": "pagar"})
    # Session, user, pathway, region, introduction and its detail (3), the reporting rule (person,
    # support staff, groups, their relations, the pathways of their NPOs, named introductions) and
    # the header's notice count: the same for 3 activities as for 58.
    with django_assert_num_queries(17):
        body = client.get(url).content.decode()
    assert "Gapanalys" in body and "Aktivitet 2" in body and "Läget" in body
    activity = GapActivity.objects.first()
    update = reverse("svf_follow_up:activity_update", args=[pathway.slug, region.slug, activity.pk])
    assert client.post(update, {"owner": "Ny ägare", "status": "klar"}).status_code == 302
    assert GapActivity.objects.get(pk=activity.pk).owner == "Ny ägare"


def _decided(pathway, region, group, **kwargs):
    return services.implementation_update(
        pathway=pathway, region=region, by=None, responsible_group=group, decided_on=datetime.date(2025, 1, 1), **kwargs
    )


def test_the_reminder_goes_to_the_process_leader_of_regions_that_owe_a_report(pathway, region, lpo, other_region):
    kind = kinds.get("vardforlopp_regionrapport")
    leader = member(lpo, Role.PROCESS_LEADER)
    owing = _decided(pathway, region, lpo)
    undecided = Implementation.objects.create(pathway=pathway, region=other_region)
    reported_pathway = make_pathway("Rapporterat")
    reported = _decided(reported_pathway, region, lpo)
    services.report_submit(implementation=reported, kind=ReportKind.YEARLY, year=2026, summary="x", by=None)
    # 31 March 2026 is 15 days after the frozen today: the 30-day reminder was due on 1 March.
    dues = list(kind.due(datetime.date(2026, 2, 25), datetime.date(2026, 3, 16), (30, 7)))
    assert [(d.obj.pk, d.milestone, d.deadline, d.send_on) for d in dues] == [
        (owing.pk, "arsrapport-2026-30", datetime.date(2026, 3, 31), datetime.date(2026, 3, 1))
    ]
    assert undecided.pk not in {d.obj.pk for d in dues}
    assert kind.recipients([owing]) == {owing.pk: {leader.person.pk}}
    assert "Palliativ vård i Västerbotten" in kind.title(owing, dues[0])
    # The engine decides it once.
    plan(datetime.date(2026, 3, 24))  # the 7-day reminder of 31 March
    notices = Notice.objects.filter(kind="vardforlopp_regionrapport")
    assert [(n.person_id, n.milestone) for n in notices] == [(leader.person.pk, "arsrapport-2026-7")]
    plan(datetime.date(2026, 3, 24))
    assert notices.count() == 1


def _audit(html: str):
    from tests.test_accessibility import PageAudit

    audit = PageAudit()
    audit.feed(html)
    assert audit.lang == "sv" and audit.h1 == 1
    assert [c for c in audit.controls if c.get("id") not in audit.labels_for and "aria-label" not in c] == []
    assert audit.th_without_scope == []
    assert len(audit.ids) == len(set(audit.ids)), "duplicate id attributes"
    assert audit.dangling_references() == set()


def test_demo_data_and_the_pages_pass_the_structure_audit(client, demo):
    from svf.demo_follow_up import load_demo_follow_up

    def counts():
        return [m.objects.count() for m in (Implementation, ImplementationReport, GapActivity, IndicatorValue)]

    before = counts()
    assert before[0] >= 5
    load_demo_follow_up()  # a second run adds nothing
    assert counts() == before
    # The lifecycle's demo publishes the pathways followed here (palliative care is not among the
    # ten of 2019): Norrbotten's 58-activity gap analysis belongs to palliative care, so an
    # invented one of six stands in.
    norrbotten = Implementation.objects.filter(region__name="Norrbotten").order_by("pathway__name").first()
    slug = norrbotten.pathway.slug
    assert norrbotten.is_demo and norrbotten.activities.count() == (58 if slug == "palliativ-vard" else 6)
    assert Implementation.objects.filter(is_demo=False).count() == 0
    assert all("demodata" in a.title for a in norrbotten.activities.all())
    make_support_staff_user = make_support_staff()
    urls = [
        reverse("svf_follow_up:matrix"),
        reverse("svf_follow_up:matrix") + "?sjukvardsregion=norra",
        reverse("svf_follow_up:implementation", args=[slug, "norrbotten"]),
        reverse("svf_follow_up:implementation", args=[slug, "gotland"]),
        reverse("svf_follow_up:indicators", args=[slug]),
        reverse("svf_follow_up:comparison", args=[slug, "ex-1"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _audit(response.content.decode())
    client.force_login(make_support_staff_user)
    for name in ("implementation_edit", "report", "activity_add", "values"):
        response = client.get(reverse(f"svf_follow_up:{name}", args=[slug, "norrbotten"]))
        assert response.status_code == 200, name
        _audit(response.content.decode())
    _audit(client.get(reverse("svf_follow_up:import", args=[slug])).content.decode())


def test_the_admin_writes_through_the_service_and_shows_its_refusals(client, pathway, region, lpo):
    staff = make_support_staff(UserFactory(is_staff=True))
    client.force_login(staff)
    url = reverse("admin:svf_implementation_add")
    data = {
        "pathway": pathway.pk,
        "region": region.pk,
        "decided_on": "2025-05-01",
        "gap_analysis_on": "2025-04-01",
        "note": "",
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "activities-TOTAL_FORMS": 0,
        "activities-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Datumet kan inte vara före beslut om införande." in response.content.decode()
    assert not Implementation.objects.exists()
    data["gap_analysis_on"] = "2025-06-01"
    data["responsible_group"] = lpo.pk
    assert client.post(url, data).status_code == 302
    saved = Implementation.objects.get()
    assert (saved.stage, saved.updated_by) == (Stage.GAP_ANALYSIS, staff)
