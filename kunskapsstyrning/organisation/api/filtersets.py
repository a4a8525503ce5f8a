"""The API's filters for the structure. Groups extend the directory's GroupFilterSet (?q=, ?kind=,
?host=), so the HTML list and the API filter alike; every list has ?updated_since=."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kunskapsstyrning.api.filters import ApiFilterSet, NoEmptyValues, UpdatedSince

from ..choices import GroupKind, Role
from ..filtersets import GroupFilterSet
from ..models import Group, HealthcareRegion, Membership, Person, Region
from ..models.periods import active_on, today

MAX_ID = 2**63 - 1


class HealthcareRegionFilterSet(ApiFilterSet):
    class Meta:
        model = HealthcareRegion
        fields = ("updated_since",)


class RegionFilterSet(ApiFilterSet):
    sjukvardsregion = django_filters.ModelChoiceFilter(
        field_name="healthcare_region",
        queryset=HealthcareRegion.objects.all(),
        to_field_name="slug",
        label=_("Sjukvårdsregion (kortnamn, t.ex. norra)"),
    )

    class Meta:
        model = Region
        fields = ("sjukvardsregion", "updated_since")


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """A related row named by its slug (for the schema: a string)."""


class GroupApiFilterSet(NoEmptyValues, GroupFilterSet):
    """The directory's filters plus what an integration needs to pick its part of the structure."""

    host = SlugFilter(
        queryset=HealthcareRegion.objects.all(),
        method="hosted_by",
        to_field_name="slug",
        label=_("Sjukvårdsregion som är värd för gruppen i dag (kortnamn)"),
    )

    sjukvardsregion = django_filters.ModelChoiceFilter(
        field_name="healthcare_region",
        queryset=HealthcareRegion.objects.all(),
        to_field_name="slug",
        label=_("Sjukvårdsregion som gruppen hör till (kortnamn)"),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="slug", label=_("Region som gruppen hör till (kortnamn)")
    )
    mirror_of = django_filters.ModelChoiceFilter(
        queryset=Group.objects.all(),
        to_field_name="slug",
        label=_("Den nationella grupp som gruppen speglar (kortnamn)"),
    )
    status = django_filters.ChoiceFilter(
        choices=[("aktiv", _("Aktiv")), ("avvecklad", _("Avvecklad"))],
        method="by_status",
        label=_("aktiv: inte avvecklad i dag; avvecklad: avvecklad"),
    )
    founded_after = django_filters.DateFilter(
        field_name="founded_on", lookup_expr="gte", label=_("Inrättad från och med")
    )
    founded_before = django_filters.DateFilter(
        field_name="founded_on", lookup_expr="lte", label=_("Inrättad till och med")
    )
    updated_since = UpdatedSince(
        method="changed_since",
        help_text=_("Gruppen, dess värdskap eller dess relationer ändrade vid eller efter tidpunkten."),
    )

    class Meta:
        model = Group
        fields = ("q", "kind", "host", "sjukvardsregion", "region", "mirror_of", "status", "updated_since")

    def by_status(self, queryset, name, value):
        closed = Q(closed_on__isnull=False, closed_on__lt=today())
        return queryset.filter(closed) if value == "avvecklad" else queryset.exclude(closed)

    def changed_since(self, queryset, name, value):
        """The group row, or a hosting or relation it shows, changed since `value`."""
        changed = Group.objects.filter(
            Q(updated_at__gte=value) | Q(hostings__updated_at__gte=value) | Q(relations_from__updated_at__gte=value)
        ).values("pk")
        return queryset.filter(pk__in=changed)


class MembershipFilterSet(ApiFilterSet):
    group = django_filters.ModelChoiceFilter(
        queryset=Group.objects.all(), to_field_name="slug", label=_("Gruppens kortnamn")
    )
    kind = django_filters.ChoiceFilter(field_name="group__kind", choices=GroupKind.choices, label=_("Grupptyp"))
    sjukvardsregion = django_filters.ModelChoiceFilter(
        field_name="group__healthcare_region",
        queryset=HealthcareRegion.objects.all(),
        to_field_name="slug",
        label=_("Sjukvårdsregion som gruppen hör till (kortnamn)"),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="group__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        label=_("Region som gruppen hör till"),
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Roll"))
    person = django_filters.NumberFilter(field_name="person_id", min_value=1, max_value=MAX_ID, label=_("Personens id"))
    status = django_filters.ChoiceFilter(
        choices=[("aktuellt", _("Aktuellt")), ("kommande", _("Kommande")), ("avslutat", _("Avslutat"))],
        method="by_status",
        label=_("aktuellt: pågår i dag; kommande: börjar senare; avslutat: slutdatum har passerat"),
    )
    active_on = django_filters.DateFilter(method="by_date", label=_("Uppdrag som pågår den dagen"))
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Börjar från och med"))
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Börjar till och med"))
    end_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("Slutar från och med"))
    end_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label=_("Slutar till och med"))

    class Meta:
        model = Membership
        fields = ("group", "kind", "sjukvardsregion", "region", "role", "person", "status", "updated_since")

    def by_status(self, queryset, name, value):
        on = today()
        if value == "aktuellt":
            return queryset.filter(active_on(on))
        if value == "kommande":
            return queryset.filter(start_date__gt=on)
        return queryset.filter(end_date__lt=on)

    def by_date(self, queryset, name, value):
        return queryset.filter(active_on(value))


class PersonFilterSet(ApiFilterSet):
    demo = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="by_demo",
        label=_("Bara påhittade (true) eller riktiga (false) personer"),
    )

    class Meta:
        model = Person
        fields = ("demo", "updated_since")

    def by_demo(self, queryset, name, value):
        return queryset.filter(is_demo=value == "true")
