"""Load the real structure (data/structure.py).

`load_structure` only creates what is missing (keyed on stable slugs and sources) and never
overwrites a row: once loaded, the structure is edited in the portal and the admin, and a re-run
(`make run`, the test suite) must not revert those edits. `update_structure` is the explicit,
human-run way to bring the database in line with an edited data file: it lists every difference
and, with apply=True, writes them through the services (a rename keeps the former name, a new
host ends the old hosting).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from . import services
from .audit import audit_context
from .choices import GroupKind, HostingKind, RelationKind, RelationPurpose
from .data import structure as data
from .models import (
    Group,
    GroupName,
    GroupRelation,
    HealthcareRegion,
    HealthcareRegionName,
    Hosting,
    Organisation,
    Person,
    Region,
    RosterSnapshot,
    RosterSnapshotEntry,
)
from .models.periods import today

KIND_PREFIX = {GroupKind.NPO: "npo", GroupKind.NSG: "nsg", GroupKind.NAG: "nag", GroupKind.RPO: "rpo"}


@dataclass
class LoadReport:
    update: bool = False  # False: create what is missing, touch nothing else
    created: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    new_groups: set[int] = field(default_factory=set)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1

    def sync(self, obj, values: dict, what: str):
        """In update mode, set the fields that differ from the data and list each change."""
        changed = {key: value for key, value in values.items() if getattr(obj, key) != value}
        if not self.update or not changed:
            return obj
        for key, value in changed.items():
            self.changes.append(f"{what} {obj}: {key} {getattr(obj, key)!r} → {value!r}")
            setattr(obj, key, value)
        obj.full_clean()
        obj.save(update_fields=list(changed))
        return obj

    def __str__(self) -> str:
        if not self.created:
            return "Inga nya rader: strukturen var redan inläst."
        return ", ".join(f"{n} {what}" for what, n in sorted(self.created.items())) + " skapade."


def group_slug(kind: str, name: str) -> str:
    prefix = KIND_PREFIX.get(kind, "")
    return slugify(f"{prefix} {name}" if prefix else name)[:120]


@transaction.atomic
def load_structure() -> LoadReport:
    """Create the rows of data/structure.py that are missing; existing rows are left as they are."""
    with audit_context(command="load_structure"):
        return _load(LoadReport())


def update_structure(*, apply: bool = False) -> LoadReport:
    """Compare the database with data/structure.py; with apply=True write the differences.

    A dry run does the same writes in a transaction that is rolled back, so what it lists is
    exactly what --apply would change."""
    with transaction.atomic(), audit_context(command="update_structure"):
        report = _load(LoadReport(update=True))
        if not apply:
            transaction.set_rollback(True)
    return report


def _load(report: LoadReport) -> LoadReport:
    healthcare_regions = _load_healthcare_regions(report)
    organisations = _load_organisations(report)
    hosts: dict[str, HealthcareRegion | Organisation] = {**healthcare_regions, **organisations}

    groups = GroupIndex()
    for kind, items in ((GroupKind.NPO, data.NPOS), (GroupKind.NSG, data.NSGS)):
        for item in items:
            groups.add(_upsert_group(report, kind=kind, **_group_fields(item)), item["name"])
    for item in data.NATIONAL_BODIES:
        groups.add(_upsert_group(report, **_group_fields(item)), item["name"])

    for item in [*data.NPOS, *data.NSGS, *data.NATIONAL_BODIES]:
        group = groups[item["name"]]
        host = item.get("host", data.SKR if item in data.NSGS else None)
        if host:
            _upsert_hosting(report, group, HostingKind.HOST, hosts[host])
        if item.get("dormant"):
            _upsert_hosting(report, group, HostingKind.DORMANT, hosts[item["dormant"]])

    for npo_name, npo in ((i["name"], groups[i["name"]]) for i in data.NPOS):
        nag = _upsert_group(
            report,
            kind=GroupKind.NAG,
            name=f"Arbetsgrupp för kunskapsstöd – {npo_name}",
            slug=f"nag-kunskapsstod-{npo.slug.removeprefix('npo-')}",
            note="Sedan 2022 har varje NPO en stående arbetsgrupp som äger och reviderar "
            "programområdets kunskapsstöd för primärvården.",
        )
        _upsert_relation(report, nag, RelationKind.APPOINTED_BY, npo, purpose=RelationPurpose.KNOWLEDGE_SUPPORT)
    for pathway, npo_name in data.CARE_PATHWAY_NAGS:
        nag = _upsert_group(
            report,
            kind=GroupKind.NAG,
            name=f"NAG vårdförlopp {pathway}",
            slug=slugify(f"nag vardforlopp {pathway}"),
            note="En NAG per vårdförlopp (SKS 2019). Gruppens exakta namn är härlett.",
        )
        _upsert_relation(report, nag, RelationKind.APPOINTED_BY, groups[npo_name], purpose=RelationPurpose.CARE_PATHWAY)

    regions = {r.name: r for r in Region.objects.all()}
    for item in data.LPOS:
        lpo = _upsert_group(
            report,
            kind=GroupKind.LPO,
            name=item["name"],
            region=regions[item["region"]],
            healthcare_region=regions[item["region"]].healthcare_region,
            slug=slugify(f"{item['region']} {item['name']}"),
            description=item.get("description", ""),
            note=item.get("note", f"Källa: {data.DECK_2023}."),
        )
        covered = {groups[name] for name in item["covers"]}
        if lpo.pk in report.new_groups or report.update:
            current = GroupRelation.objects.filter(from_group=lpo, kind=RelationKind.COVERS, end_date__isnull=True)
            if report.update and {r.to_group for r in current.select_related("to_group")} != covered:
                report.changes.append(f"{lpo}: omfattar {sorted(map(str, covered))}")
            # The data file is the truth for what an LPO covers, when it is asked to be: drop the rest.
            current.exclude(to_group__in=covered).delete()
            for npo in covered:
                _upsert_relation(report, lpo, RelationKind.COVERS, npo)
    for region_slug, npo_name, note in data.RPOS:
        healthcare_region = healthcare_regions[region_slug]
        _upsert_group(
            report,
            kind=GroupKind.RPO,
            name=f"RPO {npo_name} {healthcare_region.name}",
            slug=slugify(f"rpo {npo_name} {region_slug}"),
            healthcare_region=healthcare_region,
            mirror_of=groups[npo_name],
            note=note,
        )

    _load_snapshots(report, groups)
    return report


def _upsert_relation(report: LoadReport, from_group: Group, kind: str, to_group: Group, purpose: str = ""):
    """A relation of a group the loader created, or any relation in update mode; the relations of
    an existing group are the portal's to keep (an admin may have ended or added one)."""
    if not (report.update or from_group.pk in report.new_groups):
        return None
    relation, created = GroupRelation.objects.get_or_create(
        from_group=from_group, to_group=to_group, kind=kind, end_date=None, defaults={"purpose": purpose}
    )
    if not created and relation.purpose != purpose:
        report.changes.append(f"{from_group} → {to_group}: syfte {relation.purpose!r} → {purpose!r}")
        relation.purpose = purpose
        relation.save(update_fields=["purpose"])
    report.count("relationer", created)
    return relation


class GroupIndex(dict):
    """National groups by current and former name, so data that still says an old name resolves."""

    def add(self, group: Group, data_name: str = "") -> None:
        self[group.name] = group
        if data_name:  # the data's name, when the group kept (or has) another one
            self.setdefault(data_name, group)
        for former in group.former_names.all():
            self.setdefault(former.name, group)

    def __missing__(self, name: str) -> Group:
        raise LookupError(
            f'Strukturdatan hänvisar till gruppen "{name}", som inte finns bland NPO, NSG '
            "eller de nationella organen. Kontrollera stavningen i data/structure.py."
        )


def _group_fields(item: dict) -> dict:
    keys = ("kind", "name", "short_name", "slug", "description", "note", "former_names")  # slug: stable key
    return {k: item[k] for k in keys if k in item}


def _load_healthcare_regions(report: LoadReport) -> dict[str, HealthcareRegion]:
    result = {}
    for order, item in enumerate(data.HEALTHCARE_REGIONS, start=1):
        values = {"name": item["name"], "sort_order": order}
        hr, created = HealthcareRegion.objects.get_or_create(slug=item["slug"], defaults=values)
        report.count("sjukvårdsregioner", created)
        report.sync(hr, values, "Sjukvårdsregion")
        for name, note in item.get("former_names", []):
            former, created = HealthcareRegionName.objects.get_or_create(
                healthcare_region=hr, name=name, defaults={"note": note}
            )
            report.count("tidigare namn", created)
            report.sync(former, {"note": note}, "Tidigare namn")
        for region in item["regions"]:
            name, note = region if isinstance(region, tuple) else (region, "")
            values = {"name": name, "healthcare_region": hr, "note": note}
            row, created = Region.objects.get_or_create(slug=slugify(name), defaults=values)
            report.count("regioner", created)
            report.sync(row, values, "Region")
        result[hr.slug] = hr
    return result


def _load_organisations(report: LoadReport) -> dict[str, Organisation]:
    result = {}
    for item in data.ORGANISATIONS:
        values = {k: item.get(k, "") for k in ("name", "short_name", "kind", "note")}
        org, created = Organisation.objects.get_or_create(slug=item["slug"], defaults=values)
        report.count("organisationer", created)
        report.sync(org, values, "Organisation")
        result[org.slug] = org
    return result


def _upsert_group(
    report: LoadReport, *, kind: str, name: str, slug: str | None = None, former_names=(), **fields
) -> Group:
    slug = slug or group_slug(kind, name)
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        group = Group(slug=slug, kind=kind, name=name, **fields)
        group.full_clean()
        group.save()
        report.new_groups.add(group.pk)
        report.count("grupper", True)
    elif report.update:
        if group.name != name:
            report.changes.append(f"{group}: nytt namn {name!r} (det gamla sparas i namnhistoriken)")
            group = services.group_rename(group=group, name=name, note="Ändrat i strukturdatan.")
        changes = {key: value for key, value in {"kind": kind, **fields}.items() if getattr(group, key) != value}
        if changes:
            report.changes.extend(
                f"{group}: {key} {getattr(group, key)!r} → {value!r}" for key, value in changes.items()
            )
            group = services.group_update(group=group, **changes)
    for old_name, note in former_names:
        former, created = GroupName.objects.get_or_create(group=group, name=old_name, defaults={"note": note})
        report.count("tidigare namn", created)
        report.sync(former, {"note": note}, "Tidigare namn")
    return group


def _upsert_hosting(report: LoadReport, group: Group, kind: str, host) -> None:
    """The source's statement of a host, created for a group that has no hosting of the kind.

    In update mode a different host in the data is registered with services.hosting_transfer
    (from today; the old row is ended), unless the current host was registered later in the
    portal: a transfer recorded by people is newer than the data file."""
    hostings = Hosting.objects.filter(group=group, kind=kind)
    if not hostings.exists():
        is_region = isinstance(host, HealthcareRegion)
        Hosting.objects.create(
            group=group,
            kind=kind,
            source=data.PRESENTATION_2019,
            healthcare_region=host if is_region else None,
            organisation=None if is_region else host,
        )
        report.count("värdskap", True)
        return
    current = hostings.filter(end_date__isnull=True).first()
    if report.update and current and current.source == data.PRESENTATION_2019 and current.host != host:
        report.changes.append(f"{group}: {current.get_kind_display().lower()} {current.host} → {host}")
        services.hosting_transfer(group=group, host=host, start_date=today(), kind=kind, source="Strukturdatan")


def _person(report: LoadReport, first: str, last: str, title: str = "") -> Person:
    values = {"first_name": first, "last_name": last, **({"title": title} if title else {})}
    person, created = Person.objects.get_or_create(source_key=slugify(f"{first} {last}"), defaults=values)
    report.count("personer", created)
    return report.sync(person, values, "Person")


def _snapshot(report: LoadReport, group: Group, source: str, year: int, entries, note: str = "") -> None:
    snapshot, created = RosterSnapshot.objects.get_or_create(
        group=group, source=source, defaults={"year": year, "note": note}
    )
    report.count("historiska förteckningar", created)
    report.sync(snapshot, {"year": year, "note": note}, "Förteckning")
    wanted = [(person.pk, role, entry_note) for person, role, entry_note in entries]
    if not created:
        stored = list(snapshot.entries.order_by("pk").values_list("person_id", "role", "note"))
        if not report.update or stored == wanted:
            return
        report.changes.append(f"{snapshot}: {len(stored)} → {len(wanted)} rader ur källan")
        snapshot.entries.all().delete()  # source data: the data file is the truth for its snapshot
    RosterSnapshotEntry.objects.bulk_create(
        RosterSnapshotEntry(snapshot=snapshot, person=person, role=role, note=entry_note)
        for person, role, entry_note in entries
    )


def _load_snapshots(report: LoadReport, groups: GroupIndex) -> None:
    for group_name in {*data.ROSTER_2019, *data.ROSTER_2019_NOTES}:
        entries = [
            (_person(report, first, last, title), role, "")
            for role, first, last, title in data.ROSTER_2019.get(group_name, [])
        ]
        _snapshot(
            report,
            groups[group_name],
            data.PRESENTATION_2019,
            2019,
            entries,
            note=data.ROSTER_2019_NOTES.get(group_name, ""),
        )
    by_group: dict[str, list] = {}
    for group_name, role, first, last, note in data.NEWSLETTER_2019_ROSTER:
        by_group.setdefault(group_name, []).append((_person(report, first, last), role, note))
    for group_name, entries in by_group.items():
        _snapshot(report, groups[group_name], data.NEWSLETTER_2019, 2019, entries)
