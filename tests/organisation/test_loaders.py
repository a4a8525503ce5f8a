"""The real structure as the sources give it, loaded idempotently."""

import pytest

from kunskapsstyrning.declarations.models import InterestDeclaration
from kunskapsstyrning.nominations.models import SeatCall
from kunskapsstyrning.organisation.choices import GroupKind, HostingKind, RelationKind, RelationPurpose, Role
from kunskapsstyrning.organisation.data import structure as data
from kunskapsstyrning.organisation.demo import DEMO_PASSWORD
from kunskapsstyrning.organisation.loaders import load_structure, update_structure
from kunskapsstyrning.organisation.models import (
    Group,
    GroupRelation,
    HealthcareRegion,
    Hosting,
    Membership,
    Person,
    Region,
    RosterSnapshotEntry,
)
from tests.clock import TODAY, frozen

pytestmark = [pytest.mark.django_db, frozen]


def test_six_healthcare_regions_and_21_regions(structure):
    assert HealthcareRegion.objects.count() == 6
    assert Region.objects.count() == 21
    assert sorted(Region.objects.filter(healthcare_region__slug="sodra").values_list("name", flat=True)) == [
        "Blekinge",
        "Halland",
        "Kronoberg",
        "Skåne",
    ]
    assert "norra Halland hör till Västra" in Region.objects.get(name="Halland").note


def test_mellansverige_keeps_its_former_name(structure):
    mellansverige = HealthcareRegion.objects.get(slug="mellansverige")
    assert list(mellansverige.former_names.values_list("name", flat=True)) == ["Uppsala-Örebro"]
    assert mellansverige.regions.count() == 7


def test_the_26_npos_and_8_nsgs(structure):
    assert Group.objects.filter(kind=GroupKind.NPO).count() == 26
    assert Group.objects.filter(kind=GroupKind.NSG).count() == 8
    for kind in (
        GroupKind.SKS,
        GroupKind.PREPARATORY_GROUP,
        GroupKind.SUPPORT_FUNCTION,
        GroupKind.NSK_R,
        GroupKind.PRIMARY_CARE_COUNCIL,
    ):
        assert Group.objects.filter(kind=kind).count() == 1


@pytest.mark.parametrize(
    ("slug", "host", "dormant"),
    [
        ("npo-cancersjukdomar", "skr", "norra"),
        ("npo-psykisk-halsa", "skr", "vastra"),
        ("npo-akut-vard", "mellansverige", None),
        ("npo-tandvard", "sodra", None),
        ("nationellt-primarvardsrad", "skr", "sodra"),
        ("nsg-kvalitetsregister", "skr", None),
    ],
)
def test_hosts_and_dormant_hosts(structure, slug, host, dormant):
    hostings = {h.kind: h for h in Hosting.objects.current().filter(group__slug=slug)}
    actual = hostings[HostingKind.HOST].healthcare_region or hostings[HostingKind.HOST].organisation
    assert actual.slug == host
    if dormant:
        assert hostings[HostingKind.DORMANT].healthcare_region.slug == dormant
    else:
        assert HostingKind.DORMANT not in hostings


def test_npos_whose_host_is_unknown_have_no_invented_host(structure):
    assert not Hosting.objects.filter(group__slug="npo-kirurgi-och-plastikkirurgi").exists()


def test_renamed_npo_keeps_its_2019_name(structure):
    group = Group.objects.get(slug="npo-aldres-halsa-och-palliativ-vard")
    assert group.name == "Äldres hälsa och palliativ vård"
    assert list(group.former_names.values_list("name", flat=True)) == ["Äldres hälsa"]


def test_the_2019_chairs_are_a_dated_snapshot_not_current_members(structure):
    entry = RosterSnapshotEntry.objects.select_related("snapshot").get(
        snapshot__group__slug="npo-akut-vard",
        role=Role.CHAIR,
    )
    assert entry.person.full_name == "Lisa Kurland"
    assert entry.snapshot.year == 2019
    assert not Membership.objects.exists()


def test_nags_are_appointed_by_their_npo_and_lpos_cover_several(structure):
    npo = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    appointed = GroupRelation.objects.appointed_by(npo)
    pathways = set(appointed.filter(purpose=RelationPurpose.CARE_PATHWAY).values_list("from_group__name", flat=True))
    assert pathways == {"NAG vårdförlopp Hjärtsvikt", "NAG vårdförlopp Kritisk ischemi"}
    support = GroupRelation.objects.knowledge_support_group(npo)
    assert support.name == "Arbetsgrupp för kunskapsstöd – Hjärt- och kärlsjukdomar"
    assert not appointed.exclude(from_group__kind=GroupKind.NAG).exists()
    mgik = Group.objects.get(kind=GroupKind.LPO, name__startswith="LPO MGIK")
    assert mgik.region.name == "Västerbotten"
    assert mgik.healthcare_region.slug == "norra"
    assert mgik.relations_from.filter(kind=RelationKind.COVERS).count() == 7
    assert not mgik.relations_from.exclude(kind=RelationKind.COVERS).exists()


def snapshot() -> dict[str, list]:
    """Every row of every organisation table (m2m tables included), all fields, by id.

    The 2019 snapshot entries are the exception: the loader deliberately replaces a snapshot's
    entries from the data file, so they get new ids; their content must still be the same.
    """
    from django.apps import apps

    models = apps.get_app_config("organisation").get_models(include_auto_created=True)
    rows = {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}
    entries = rows.pop(RosterSnapshotEntry._meta.label)
    rows[RosterSnapshotEntry._meta.label] = sorted(
        tuple(sorted((k, v) for k, v in e.items() if k != "id")) for e in entries
    )
    return rows


def test_loading_twice_changes_nothing(structure):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 300  # the structure is there to compare
    report = load_structure()
    assert str(report) == "Inga nya rader: strukturen var redan inläst."
    assert snapshot() == before
    # The comparison sees a changed field, not only a changed number of rows.
    Group.objects.filter(slug="npo-akut-vard").update(description="Ändrad beskrivning")
    assert snapshot() != before


def test_re_running_after_a_rename_in_the_data_keeps_the_old_name(structure, monkeypatch):
    renamed = [dict(item) for item in data.NPOS]
    for item in renamed:
        if item["name"] == "Tandvård":
            item["name"] = "Tandvård och munhälsa"
    monkeypatch.setattr(data, "NPOS", renamed)
    load_structure()  # create-only: an existing group keeps its name
    assert Group.objects.get(slug="npo-tandvard").name == "Tandvård"
    dry = update_structure()
    assert any("Tandvård och munhälsa" in change for change in dry.changes)
    assert Group.objects.get(slug="npo-tandvard").name == "Tandvård"  # a dry run writes nothing
    update_structure(apply=True)  # LPOS and ROSTER_2019 still say "Tandvård": the former name resolves
    group = Group.objects.get(slug="npo-tandvard")
    assert group.name == "Tandvård och munhälsa"
    assert "Tandvård" in group.former_names.values_list("name", flat=True)
    assert Group.objects.filter(kind=GroupKind.NPO).count() == 26


def _rows():
    from django.apps import apps

    return {
        name: list(apps.get_model("organisation", name).objects.order_by("pk").values())
        for name in (
            "Group",
            "GroupName",
            "GroupRelation",
            "Hosting",
            "HealthcareRegion",
            "Region",
            "Organisation",
            "Person",
        )
    }


def test_loading_again_keeps_what_people_edited(structure):
    from kunskapsstyrning.organisation import services
    from kunskapsstyrning.organisation.models import Organisation

    npo = Group.objects.get(slug="npo-akut-vard")
    Group.objects.filter(pk=npo.pk).update(description="Redigerad i administrationen")
    mgik = Group.objects.get(kind=GroupKind.LPO, name__startswith="LPO MGIK")
    GroupRelation.objects.filter(from_group=mgik, kind=RelationKind.COVERS).first().delete()
    Region.objects.filter(slug="vasterbotten").update(note="Egen anteckning")
    Organisation.objects.filter(slug="skr").update(short_name="SKR!")
    services.hosting_transfer(group=npo, host=HealthcareRegion.objects.get(slug="norra"), start_date=TODAY)
    before = _rows()
    report = load_structure()
    assert _rows() == before
    assert str(report) == "Inga nya rader: strukturen var redan inläst."


def test_update_structure_lists_and_applies_differences_but_keeps_later_transfers(structure):
    from kunskapsstyrning.organisation import services

    npo = Group.objects.get(slug="nag-kunskapsstod-akut-vard")
    Group.objects.filter(pk=npo.pk).update(note="Redigerad")
    tandvard = Group.objects.get(slug="npo-tandvard")
    services.hosting_transfer(group=tandvard, host=HealthcareRegion.objects.get(slug="norra"), start_date=TODAY)
    before = _rows()
    dry = update_structure()
    assert any("Redigerad" in change for change in dry.changes)
    assert _rows() == before
    update_structure(apply=True)
    assert Group.objects.get(pk=npo.pk).note != "Redigerad"
    assert Hosting.objects.current().get(group=tandvard, kind=HostingKind.HOST).healthcare_region.slug == "norra"
    assert update_structure().changes == []


def test_the_deploy_path_only_migrates():
    from pathlib import Path

    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    migrate = compose.split("\n  migrate:\n")[1].split("\n\n")[0]
    assert 'command: ["python", "manage.py", "migrate", "--no-input"]' in migrate
    assert "load_structure" not in migrate.split("command:")[-1]


def test_a_reference_to_an_unknown_group_is_explained(structure, monkeypatch):
    monkeypatch.setattr(data, "CARE_PATHWAY_NAGS", [("Hjärtsvikt", "Hjärtsjukdomar")])
    with pytest.raises(LookupError, match='hänvisar till gruppen "Hjärtsjukdomar"'):
        load_structure()


def test_demo_people_are_fictitious_and_marked(demo):
    demo_people = Person.objects.filter(is_demo=True)
    assert demo_people.count() > 200
    assert all(p.email.endswith("@demo.invalid") for p in demo_people)
    assert not Person.objects.filter(is_demo=False, memberships__isnull=False).exists()


def test_demo_npo_has_one_member_per_healthcare_region_a_chair_and_a_process_leader(demo):
    group = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    current = Membership.objects.current().filter(group=group)
    seats = current.exclude(role=Role.PROCESS_LEADER)
    regions = set(seats.values_list("represents_healthcare_region__slug", flat=True))
    assert regions == set(HealthcareRegion.objects.values_list("slug", flat=True))
    chair = current.get(role=Role.CHAIR)
    assert chair.represents_healthcare_region.slug == "mellansverige"  # the host
    assert current.filter(role=Role.PROCESS_LEADER).count() == 1


def test_demo_logins_work_and_loading_twice_adds_nobody(demo, client):
    from kunskapsstyrning.organisation.demo import load_demo

    # Through the log-in page: authentication needs the request (django-axes counts per request).
    for username in ("processledare", "stodfunktion", "ledamot"):
        response = client.post("/logga-in/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.logout()
    counts = (
        Person.objects.count(),
        Membership.objects.count(),
        InterestDeclaration.objects.count(),
        SeatCall.objects.count(),
    )
    assert counts[3] == 1
    current = InterestDeclaration.objects.current(TODAY).filter(person__is_demo=True).count()
    assert 0 < current < Person.objects.filter(is_demo=True, memberships__isnull=False).distinct().count()
    load_demo()
    assert (
        Person.objects.count(),
        Membership.objects.count(),
        InterestDeclaration.objects.count(),
        SeatCall.objects.count(),
    ) == counts
    assert "demo" in SeatCall.objects.get().title
    leader = Person.objects.get(user__username="processledare")
    assert Membership.objects.filter(
        person=leader, role=Role.PROCESS_LEADER, group__slug="npo-hjart-och-karlsjukdomar"
    ).exists()


def test_demo_history_is_written_by_the_roster_services_only(demo):
    """Every demo group's roster_version counts its RosterChange rows, numbered 1…n without gaps,
    and loading again writes no history: the demo writes through services.memberships_bulk_create
    like every other roster change."""
    from kunskapsstyrning.organisation.demo import load_demo
    from kunskapsstyrning.organisation.models import Group, RosterChange

    def history():
        return {
            group.pk: (
                group.roster_version,
                list(group.roster_changes.order_by("version").values_list("version", flat=True)),
            )
            for group in Group.objects.filter(memberships__person__is_demo=True).distinct()
        }

    before = history()
    assert before
    for version, versions in before.values():
        assert sorted(versions) == list(range(1, version + 1))
    changes = RosterChange.objects.count()
    load_demo()
    assert history() == before
    assert RosterChange.objects.count() == changes
