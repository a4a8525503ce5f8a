"""Serializers of the structure API. Contact data appears only where the rules allow it."""

from rest_framework import serializers

from ..models import Group, Hosting, Membership
from ..permissions import VIEW_CONTACTS


def _represents(membership: Membership):
    obj = membership.represents
    return {"type": obj._meta.model_name, "name": str(obj)} if obj else None


class HostSerializer(serializers.ModelSerializer):
    host = serializers.SerializerMethodField()

    class Meta:
        model = Hosting
        fields = ("kind", "host", "start_date", "end_date")

    def get_host(self, hosting: Hosting):
        if hosting.healthcare_region_id:
            return {"type": "sjukvardsregion", "slug": hosting.healthcare_region.slug, "name": str(hosting.host)}
        return {"type": "organisation", "slug": hosting.organisation.slug, "name": str(hosting.host)}


class RelationSerializer(serializers.Serializer):
    """A current relation to a group above: {"kind": "tillsatt_av", "group": "npo-…", "purpose": …}."""

    kind = serializers.CharField()
    group = serializers.SlugRelatedField(source="to_group", slug_field="slug", read_only=True)
    purpose = serializers.CharField()


class GroupSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    healthcare_region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.StringRelatedField()
    mirror_of = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    relations = RelationSerializer(source="outgoing_relations", many=True, read_only=True)
    hostings = HostSerializer(source="current_hostings", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = (
            "slug",
            "kind",
            "kind_label",
            "name",
            "short_name",
            "healthcare_region",
            "region",
            "mirror_of",
            "relations",
            "hostings",
            "founded_on",
            "closed_on",
            "url",
        )

    def get_url(self, group: Group) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(group.get_absolute_url()) if request else group.get_absolute_url()


class MembershipSerializer(serializers.ModelSerializer):
    """A roster row. E-mail and phone are added only for readers allowed to see contacts."""

    person = serializers.CharField(source="person.full_name")
    is_demo = serializers.BooleanField(source="person.is_demo")
    role_label = serializers.CharField(source="get_role_display")
    represents = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ("person", "is_demo", "role", "role_label", "represents", "start_date", "end_date")

    def get_represents(self, membership):
        return _represents(membership)

    def to_representation(self, membership):
        data = super().to_representation(membership)
        if self.context.get("show_contacts"):
            data["email"] = membership.person.email
            data["phone"] = membership.person.phone
        return data


class GroupDetailSerializer(GroupSerializer):
    members = serializers.SerializerMethodField()

    class Meta(GroupSerializer.Meta):
        fields = (*GroupSerializer.Meta.fields, "description", "members")

    def get_members(self, group: Group):
        request = self.context.get("request")
        show = bool(request and request.user.has_perm(VIEW_CONTACTS, group))
        return MembershipSerializer(group.current_memberships, many=True, context={"show_contacts": show}).data


class AssignmentSerializer(MembershipSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name")

    class Meta(MembershipSerializer.Meta):
        fields = ("group", "group_name", "role", "role_label", "represents", "start_date", "end_date")
