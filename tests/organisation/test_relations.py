"""Typed relations: the table of allowed kinds holds in clean() and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kunskapsstyrning.organisation.choices import (
    ALLOWED_RELATIONS,
    KIND_LEVEL,
    GroupKind,
    Level,
    RelationKind,
    RelationPurpose,
)
from kunskapsstyrning.organisation.models import GroupRelation
from tests.factories import GroupFactory, RegionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def group(kind):
    """A group of the kind, with the region its level needs."""
    level = KIND_LEVEL[kind]
    if level == Level.NATIONAL:
        return GroupFactory(kind=kind)
    region = RegionFactory()
    if level == Level.HEALTHCARE_REGIONAL:
        return GroupFactory(kind=kind, healthcare_region=region.healthcare_region)
    return GroupFactory(kind=kind, region=region, healthcare_region=region.healthcare_region)


def relation(from_kind, kind, to_kind, **fields):
    return GroupRelation(from_group=group(from_kind), to_group=group(to_kind), kind=kind, **fields)


@pytest.mark.parametrize(
    ("from_kind", "kind", "to_kind"),
    [
        (GroupKind.LPO, RelationKind.APPOINTED_BY, GroupKind.NPO),  # an LPO covers, it is not appointed
        (GroupKind.NAG, RelationKind.COVERS, GroupKind.NPO),
        (GroupKind.LAG, RelationKind.APPOINTED_BY, GroupKind.NPO),
        (GroupKind.NPO, RelationKind.APPOINTED_BY, GroupKind.NAG),
    ],
)
def test_kinds_outside_the_table_are_refused_by_clean_and_by_the_database(from_kind, kind, to_kind):
    assert (from_kind, to_kind) not in ALLOWED_RELATIONS[kind]
    rel = relation(from_kind, kind, to_kind)
    with pytest.raises(ValidationError):
        rel.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        rel.save()


def test_allowed_kinds_pass():
    for kind, pairs in ALLOWED_RELATIONS.items():
        for from_kind, to_kind in pairs:
            rel = relation(from_kind, kind, to_kind)
            rel.full_clean()
            rel.save()


def test_overlapping_periods_of_the_same_relation_are_refused_but_a_later_one_is_fine():
    first = relation(GroupKind.NAG, RelationKind.APPOINTED_BY, GroupKind.NPO, start_date=D(2020, 1, 1))
    first.save()
    again = GroupRelation(
        from_group=first.from_group, to_group=first.to_group, kind=first.kind, start_date=D(2022, 1, 1)
    )
    with pytest.raises(ValidationError):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    first.end_date = D(2021, 12, 31)
    first.save()
    again.full_clean()
    again.save()


def test_purpose_only_on_appointments():
    rel = relation(GroupKind.LPO, RelationKind.COVERS, GroupKind.NPO, purpose=RelationPurpose.KNOWLEDGE_SUPPORT)
    with pytest.raises(ValidationError):
        rel.full_clean()


def test_knowledge_support_group_is_found_by_a_typed_query_not_a_slug():
    npo = GroupFactory(kind=GroupKind.NPO)
    nag = GroupFactory(kind=GroupKind.NAG, slug="helt-annat-namn")
    GroupRelation.objects.create(
        from_group=GroupFactory(kind=GroupKind.NAG),
        to_group=npo,
        kind=RelationKind.APPOINTED_BY,
        purpose=RelationPurpose.CARE_PATHWAY,
    )
    assert GroupRelation.objects.knowledge_support_group(npo) is None
    GroupRelation.objects.create(
        from_group=nag, to_group=npo, kind=RelationKind.APPOINTED_BY, purpose=RelationPurpose.KNOWLEDGE_SUPPORT
    )
    assert GroupRelation.objects.knowledge_support_group(npo) == nag
