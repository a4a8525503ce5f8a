"""The structure's endpoints: the same selectors, filters, rules and services as the pages.

Each is a viewset on kunskapsstyrning.api's base (authentication, rules, throttles, cursor pages,
ETags, JSON errors); urls.py registers them. The docstrings are the documentation's text.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from kunskapsstyrning.api.permissions import LOGGED_IN
from kunskapsstyrning.api.viewsets import ApiReadCreateViewSet, ApiReadViewSet

from .. import services
from ..models import Group, HealthcareRegion, Hosting, Membership, Person, Region
from ..models.periods import active_on, today
from ..permissions import EDIT_ROSTER, VIEW_CONTACTS
from ..selectors import group_detail_queryset, outgoing_relations
from .filtersets import (
    GroupApiFilterSet,
    HealthcareRegionFilterSet,
    MembershipFilterSet,
    PersonFilterSet,
    RegionFilterSet,
)
from .serializers import (
    AssignmentSerializer,
    GroupDetailSerializer,
    GroupSerializer,
    HealthcareRegionSerializer,
    MembershipCreateSerializer,
    MembershipEndSerializer,
    MembershipSerializer,
    PersonSerializer,
    RegionSerializer,
    RosterMemberSerializer,
)

_REPRESENTS = (
    "represents_healthcare_region",
    "represents_region",
    "represents_municipality",
    "represents_organisation",
)


def _current_hostings():
    return Prefetch(
        "hostings",
        queryset=Hosting.objects.filter(active_on(today())).select_related("healthcare_region", "organisation"),
        to_attr="current_hostings",
    )


@extend_schema_view(
    list=extend_schema(description="De sex sjukvårdsregionerna med sina regioner och tidigare namn."),
    retrieve=extend_schema(description="En sjukvårdsregion."),
)
class HealthcareRegionViewSet(ApiReadViewSet):
    """Sjukvårdsregionerna (offentliga)."""

    queryset = HealthcareRegion.objects.prefetch_related("regions", "former_names")
    serializer_class = HealthcareRegionSerializer
    filterset_class = HealthcareRegionFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("sort_order",)
    ordering_fields = ("sort_order", "name", "slug", "updated_at")
    search_fields = ("name", "former_names__name")
    conditional_fields = ("updated_at", "regions__updated_at")


@extend_schema_view(
    list=extend_schema(description="De 21 regionerna och deras sjukvårdsregion."),
    retrieve=extend_schema(description="En region."),
)
class RegionViewSet(ApiReadViewSet):
    """Regionerna (offentliga)."""

    queryset = Region.objects.select_related("healthcare_region")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("name",)
    ordering_fields = ("name", "slug", "updated_at")
    search_fields = ("name",)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Alla grupper av alla typer (NPO, NAG, NSG, RPO, RSG, RAG, LPO, LAG, SKS …) med aktuellt "
            "värdskap, aktuella relationer uppåt och vilken nationell grupp de speglar. Samma filter som "
            "katalogen (q, kind, host) och fler. updated_since gäller också ändrade värdskap och relationer."
        )
    ),
    retrieve=extend_schema(
        description=(
            "En grupp med aktuella ledamöter, speglingar och tidigare namn. E-post och telefon till "
            "ledamöterna bara för den som får se gruppens kontaktuppgifter (ledamöter, ledare, stödfunktionen)."
        )
    ),
)
class GroupViewSet(ApiReadViewSet):
    """Grupperna i strukturen (offentliga)."""

    serializer_class = GroupSerializer
    filterset_class = GroupApiFilterSet
    lookup_field = "slug"
    public_read = True
    ordering = ("pk",)
    ordering_fields = ("pk", "name", "slug", "kind", "founded_on", "updated_at")
    conditional_fields = ("updated_at", "hostings__updated_at", "relations_from__updated_at")

    def get_queryset(self):
        if self.action == "retrieve":
            return group_detail_queryset(on=today()).prefetch_related(_current_hostings())
        return Group.objects.select_related("healthcare_region", "region", "mirror_of").prefetch_related(
            _current_hostings(), outgoing_relations(today())
        )

    def get_serializer_class(self):
        return GroupDetailSerializer if self.action == "retrieve" else GroupSerializer

    def retrieve(self, request, *args, **kwargs):
        self.conditional_fields = (
            *self.conditional_fields,
            "memberships__updated_at",
            "memberships__person__updated_at",
        )
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        description=(
            "En grupps aktuella ledamöter med e-post och telefon, för den som får se gruppens kontaktuppgifter."
        ),
        responses=RosterMemberSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="kontakter", public_read=False, view_perm=VIEW_CONTACTS, pagination_class=None)
    def contacts(self, request, slug=None):
        group = get_object_or_404(group_detail_queryset(on=today()), slug=self.validated_lookup())
        self.check_object_permissions(request, group)
        return Response(
            RosterMemberSerializer(group.current_memberships, many=True, context={"show_contacts": True}).data
        )


@extend_schema_view(
    list=extend_schema(
        description=(
            "Uppdrag: vem som har vilken roll i vilken grupp under vilken period. Offentliga, utan "
            "kontaktuppgifter. Ett uppdrag raderas aldrig: det avslutas med ett slutdatum (end_date) och "
            "får ett nytt updated_at, så en klient som synkar med updated_since ser avslutet."
        )
    ),
    retrieve=extend_schema(description="Ett uppdrag."),
    create=extend_schema(
        description=(
            "Lägg till ett uppdrag i en grupps ledamotslista, som på sidan: samma regler (ordförande och "
            "processledare för sin grupp och de grupper den tillsatt, stödfunktionen för alla), samma "
            "kontroller och samma historik. Kräver en nyckel som får skriva, eller inloggning i webbläsaren."
        ),
        request=MembershipCreateSerializer,
        responses={201: MembershipSerializer},
    ),
)
class MembershipViewSet(ApiReadCreateViewSet):
    """Uppdragen (offentliga att läsa; att ändra kräver rätt att ändra gruppens ledamotslista)."""

    queryset = Membership.objects.select_related("group", "person", *_REPRESENTS)
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    public_read = True
    change_perm = EDIT_ROSTER
    ordering = ("pk",)
    ordering_fields = ("pk", "start_date", "end_date", "updated_at")
    search_fields = ("person__first_name", "person__last_name", "group__name")
    conditional_fields = ("updated_at", "person__updated_at")
    conditional_rows_unique = True  # person, group and the filters are all forward foreign keys

    def get_serializer_class(self):
        if self.action == "create":
            return MembershipCreateSerializer
        if self.action == "end":
            return MembershipEndSerializer
        return MembershipSerializer

    def create(self, request, *args, **kwargs):
        incoming = MembershipCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        self.check_object_permissions(request, data["group"])  # EDIT_ROSTER on the group
        membership = services.membership_create(
            person=data["person"],
            group=data["group"],
            role=data["role"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            note=data.get("note", ""),
            by=request.user,
            expected_version=data.get("roster_version"),
        )
        return Response(MembershipSerializer(self._fresh(membership)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        description=(
            "Avsluta ett uppdrag per ett datum (inklusive). Uppdraget finns kvar med sitt slutdatum; "
            "samma regler och historik som på sidan."
        ),
        request=MembershipEndSerializer,
        responses={200: MembershipSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path="avsluta")
    def end(self, request, pk=None):
        membership = get_object_or_404(Membership.objects.select_related("group"), pk=self.validated_lookup())
        self.check_object_permissions(request, membership.group)
        incoming = MembershipEndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        membership = services.membership_end(
            membership=membership,
            end_date=incoming.validated_data["end_date"],
            by=request.user,
            expected_version=incoming.validated_data.get("roster_version"),
        )
        return Response(MembershipSerializer(self._fresh(membership)).data)

    def _fresh(self, membership):
        return self.get_queryset().get(pk=membership.pk)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Personer med namn, titel och arbetsgivare, för inloggade. E-post och telefon bara för dem "
            "vars uppgifter du får se (dig själv, ledamöterna i dina grupper; stödfunktionen alla)."
        )
    ),
    retrieve=extend_schema(description="En person."),
)
class PersonViewSet(ApiReadViewSet):
    """Personer (kräver inloggning eller nyckel)."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    view_perm = LOGGED_IN
    ordering = ("pk",)
    ordering_fields = ("pk", "last_name", "first_name", "updated_at")
    search_fields = ("first_name", "last_name")

    def get_queryset(self):
        visible = Person.objects.visible_to(self.request.user).filter(pk=OuterRef("pk"))
        return Person.objects.annotate(details_visible=Exists(visible))


@extend_schema_view(
    list=extend_schema(description="Den inloggades egna uppdrag, aktuella, kommande och tidigare."),
    retrieve=extend_schema(description="Ett av den inloggades egna uppdrag."),
)
class MyAssignmentsViewSet(ApiReadViewSet):
    """Mina uppdrag (kräver inloggning eller nyckel)."""

    serializer_class = AssignmentSerializer
    filterset_class = MembershipFilterSet
    view_perm = LOGGED_IN
    ordering = ("-start_date",)
    ordering_fields = ("pk", "start_date", "end_date", "updated_at")

    def get_queryset(self):
        person = getattr(self.request.user, "person", None)
        if person is None:
            return Membership.objects.none()
        return Membership.objects.filter(person=person).select_related("group", *_REPRESENTS)
