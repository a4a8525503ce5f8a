"""factory_boy factories for the shared structure."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from kunskapsstyrning.organisation.choices import GroupKind, HostingKind, OrganisationKind, RelationKind, Role
from kunskapsstyrning.organisation.models import (
    Group,
    GroupRelation,
    HealthcareRegion,
    Hosting,
    Membership,
    Organisation,
    Person,
    Region,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"anvandare{n}")
    password = factory.django.Password("hemligt-losen")


class HealthcareRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthcareRegion

    name = factory.Sequence(lambda n: f"Testsjukvårdsregion {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sort_order = factory.Sequence(lambda n: n)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Testregion {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    healthcare_region = factory.SubFactory(HealthcareRegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testorganisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.OTHER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Testsson{n}")
    email = factory.LazyAttribute(lambda o: f"{slugify(o.first_name)}.{slugify(o.last_name)}@test.invalid")
    is_demo = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    kind = GroupKind.NPO
    name = factory.Sequence(lambda n: f"Testgrupp {n}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.kind} {o.name}"))


class HostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hosting

    group = factory.SubFactory(GroupFactory)
    kind = HostingKind.HOST
    healthcare_region = factory.SubFactory(HealthcareRegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    role = Role.MEMBER
    start_date = datetime.date(2025, 1, 1)


class GroupRelationFactory(factory.django.DjangoModelFactory):
    """A NAG appointed by an NPO unless told otherwise."""

    class Meta:
        model = GroupRelation

    from_group = factory.SubFactory(GroupFactory, kind=GroupKind.NAG)
    to_group = factory.SubFactory(GroupFactory, kind=GroupKind.NPO)
    kind = RelationKind.APPOINTED_BY


def make_support_staff(user=None):
    """A user who is support staff the one way there is: a current member of the stödfunktion group."""
    user = user or UserFactory()
    group = Group.objects.filter(kind=GroupKind.SUPPORT_FUNCTION).first() or GroupFactory(
        kind=GroupKind.SUPPORT_FUNCTION, name="Nationell stödfunktion"
    )
    person = getattr(user, "person", None) or PersonFactory(user=user)
    MembershipFactory(person=person, group=group, start_date=datetime.date(2020, 1, 1))
    return user
