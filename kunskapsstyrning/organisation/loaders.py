"""Load the real structure (data/structure.py) and the fictitious demo people.

Both loaders are idempotent: they key every row on a stable slug or source, so they can be re-run
after the data file is edited. A renamed group keeps its old name in its history.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from . import services
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

KIND_PREFIX = {GroupKind.NPO: "npo", GroupKind.NSG: "nsg", GroupKind.NAG: "nag", GroupKind.RPO: "rpo"}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1

    def __str__(self) -> str:
        if not self.created:
            return "Inga nya rader: strukturen var redan inläst."
        return ", ".join(f"{n} {what}" for what, n in sorted(self.created.items())) + " skapade."


def group_slug(kind: str, name: str) -> str:
    prefix = KIND_PREFIX.get(kind, "")
    return slugify(f"{prefix} {name}" if prefix else name)[:120]


@transaction.atomic
def load_structure() -> LoadReport:
    report = LoadReport()
    healthcare_regions = _load_healthcare_regions(report)
    organisations = _load_organisations(report)
    hosts: dict[str, HealthcareRegion | Organisation] = {**healthcare_regions, **organisations}

    groups = GroupIndex()
    for kind, items in ((GroupKind.NPO, data.NPOS), (GroupKind.NSG, data.NSGS)):
        for item in items:
            groups.add(_upsert_group(report, kind=kind, **_group_fields(item)))
    for item in data.NATIONAL_BODIES:
        groups.add(_upsert_group(report, **_group_fields(item)))

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
        covered = [groups[name] for name in item["covers"]]
        for npo in covered:
            _upsert_relation(report, lpo, RelationKind.COVERS, npo)
        # The data file is the truth for what an LPO covers (like the old `set()`): drop the rest.
        GroupRelation.objects.filter(from_group=lpo, kind=RelationKind.COVERS, end_date__isnull=True).exclude(
            to_group__in=covered
        ).delete()
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
    relation, created = GroupRelation.objects.get_or_create(
        from_group=from_group, to_group=to_group, kind=kind, end_date=None, defaults={"purpose": purpose}
    )
    if not created and relation.purpose != purpose:
        relation.purpose = purpose
        relation.save(update_fields=["purpose"])
    report.count("relationer", created)
    return relation


class GroupIndex(dict):
    """National groups by current and former name, so data that still says an old name resolves."""

    def add(self, group: Group) -> None:
        self[group.name] = group
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
        hr, created = HealthcareRegion.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "sort_order": order},
        )
        report.count("sjukvårdsregioner", created)
        for name, note in item.get("former_names", []):
            _, created = HealthcareRegionName.objects.update_or_create(
                healthcare_region=hr,
                name=name,
                defaults={"note": note},
            )
            report.count("tidigare namn", created)
        for region in item["regions"]:
            name, note = region if isinstance(region, tuple) else (region, "")
            _, created = Region.objects.update_or_create(
                slug=slugify(name),
                defaults={"name": name, "healthcare_region": hr, "note": note},
            )
            report.count("regioner", created)
        result[hr.slug] = hr
    return result


def _load_organisations(report: LoadReport) -> dict[str, Organisation]:
    result = {}
    for item in data.ORGANISATIONS:
        org, created = Organisation.objects.update_or_create(
            slug=item["slug"],
            defaults={k: item.get(k, "") for k in ("name", "short_name", "kind", "note")},
        )
        report.count("organisationer", created)
        result[org.slug] = org
    return result


def _upsert_group(
    report: LoadReport, *, kind: str, name: str, slug: str | None = None, former_names=(), **fields
) -> Group:
    slug = slug or group_slug(kind, name)
    group = Group.objects.filter(slug=slug).first()
    created = group is None
    if created:
        group = Group(slug=slug, kind=kind, name=name)
    elif group.name != name:
        services.group_rename(group=group, name=name, note="Ändrat i strukturdatan.")
    group.kind = kind
    for key, value in fields.items():
        setattr(group, key, value)
    group.full_clean()
    group.save()
    report.count("grupper", created)
    for old_name, note in former_names:
        _, created = GroupName.objects.update_or_create(group=group, name=old_name, defaults={"note": note})
        report.count("tidigare namn", created)
    return group


def _upsert_hosting(report: LoadReport, group: Group, kind: str, host) -> None:
    """The source's statement of a host, one row per (group, kind, source); later transfers stay."""
    is_region = isinstance(host, HealthcareRegion)
    hosting, created = Hosting.objects.get_or_create(
        group=group,
        kind=kind,
        source=data.PRESENTATION_2019,
        defaults={"healthcare_region": host if is_region else None, "organisation": None if is_region else host},
    )
    if not created:
        hosting.healthcare_region = host if is_region else None
        hosting.organisation = None if is_region else host
        hosting.full_clean()
        hosting.save()
    report.count("värdskap", created)


def _person(report: LoadReport, first: str, last: str, title: str = "") -> Person:
    person, created = Person.objects.update_or_create(
        source_key=slugify(f"{first} {last}"),
        defaults={"first_name": first, "last_name": last, **({"title": title} if title else {})},
    )
    report.count("personer", created)
    return person


def _snapshot(report: LoadReport, group: Group, source: str, year: int, entries, note: str = "") -> None:
    snapshot, created = RosterSnapshot.objects.update_or_create(
        group=group,
        source=source,
        defaults={"year": year, "note": note},
    )
    report.count("historiska förteckningar", created)
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
