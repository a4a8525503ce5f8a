"""Read-only structure API: the same selectors, filters and permission rules as the pages."""

from django.db.models import Prefetch
from rest_framework import generics, permissions
from rest_framework.response import Response

from ..filtersets import GroupFilterSet
from ..models import Group, Hosting, Membership
from ..models.periods import active_on, today
from ..ordering import swedish
from ..permissions import VIEW_CONTACTS
from ..selectors import group_detail_queryset, outgoing_relations, person_assignments
from .pagination import BoundedLimitOffsetPagination
from .permissions import RulesPermission
from .serializers import AssignmentSerializer, GroupDetailSerializer, GroupSerializer, MembershipSerializer


class GroupListView(generics.ListAPIView):
    """All groups, filtered like the directory (?q=, ?kind=, ?host=), a page at a time."""

    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet
    pagination_class = BoundedLimitOffsetPagination
    permission_classes = [permissions.AllowAny]  # public, read-only, no contact data

    def get_queryset(self):
        return (
            Group.objects.select_related("healthcare_region", "region", "mirror_of")
            .prefetch_related(
                Prefetch(
                    "hostings",
                    queryset=Hosting.objects.filter(active_on(today())).select_related(
                        "healthcare_region", "organisation"
                    ),
                    to_attr="current_hostings",
                ),
                outgoing_relations(today()),
            )
            .order_by("kind", swedish("name"))
        )


class GroupDetailView(generics.RetrieveAPIView):
    """One group with its current members; contacts only for members, leaders and staff."""

    serializer_class = GroupDetailSerializer
    lookup_field = "slug"
    # Public; the serializer adds contact data only where VIEW_CONTACTS allows it.
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        on = today()
        return group_detail_queryset(on=on).prefetch_related(
            Prefetch(
                "hostings",
                queryset=Hosting.objects.filter(active_on(on)).select_related("healthcare_region", "organisation"),
                to_attr="current_hostings",
            )
        )


class MyAssignmentsView(generics.ListAPIView):
    """The logged-in member's assignments, newest first."""

    serializer_class = AssignmentSerializer
    pagination_class = BoundedLimitOffsetPagination
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        person = getattr(self.request.user, "person", None)
        return person_assignments(person) if person else Membership.objects.none()


class GroupContactsView(generics.GenericAPIView):
    """A group's current members with e-mail and phone, for those the rules let see contacts."""

    permission_classes = [RulesPermission]
    view_perm = VIEW_CONTACTS
    lookup_field = "slug"

    def get_queryset(self):
        return group_detail_queryset(on=today())

    def get(self, request, *args, **kwargs):
        group = self.get_object()  # checks VIEW_CONTACTS on the group
        data = MembershipSerializer(group.current_memberships, many=True, context={"show_contacts": True}).data
        return Response(data)
