"""Serializers of the structure API. Contact data appears only where the rules allow it: never
in a list that anyone can read, in a group's roster only with VIEW_CONTACTS, on a person only
with VIEW_PERSON."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import Role
from ..models import (
    Group,
    GroupName,
    GroupRelation,
    HealthcareRegion,
    HealthcareRegionName,
    Hosting,
    Membership,
    Person,
    Region,
)
from ..permissions import VIEW_CONTACTS

MAX_ID = 2**63 - 1


class RepresentsSerializer(serializers.Serializer):
    """What a member represents: a sjukvårdsregion, region, kommun or organisation."""

    type = serializers.ChoiceField(
        choices=[
            ("healthcareregion", _("Sjukvårdsregion")),
            ("region", _("Region")),
            ("municipality", _("Kommun")),
            ("organisation", _("Organisation")),
        ]
    )
    slug = serializers.CharField(allow_null=True)
    name = serializers.CharField()


def _represents(membership: Membership):
    obj = membership.represents
    if obj is None:
        return None
    return {"type": obj._meta.model_name, "slug": getattr(obj, "slug", None), "name": str(obj)}


class HostSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[("sjukvardsregion", _("Sjukvårdsregion")), ("organisation", _("Organisation"))]
    )
    slug = serializers.SlugField()
    name = serializers.CharField()


class HostingSerializer(serializers.ModelSerializer):
    host = serializers.SerializerMethodField()

    class Meta:
        model = Hosting
        fields = ("kind", "host", "start_date", "end_date")

    @extend_schema_field(HostSerializer)
    def get_host(self, hosting: Hosting):
        if hosting.healthcare_region_id:
            return {"type": "sjukvardsregion", "slug": hosting.healthcare_region.slug, "name": str(hosting.host)}
        return {"type": "organisation", "slug": hosting.organisation.slug, "name": str(hosting.host)}


class RelationSerializer(serializers.ModelSerializer):
    """A current relation to a group above: {"kind": "tillsatt_av", "group": "npo-…", "purpose": …}."""

    group = serializers.SlugRelatedField(source="to_group", slug_field="slug", read_only=True)

    class Meta:
        model = GroupRelation
        fields = ("kind", "group", "purpose", "start_date", "end_date")


class FormerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupName
        fields = ("name", "used_until")


class HealthcareRegionFormerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthcareRegionName
        fields = ("name", "used_until")


class HealthcareRegionSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    former_names = HealthcareRegionFormerNameSerializer(many=True, read_only=True)

    class Meta:
        model = HealthcareRegion
        fields = ("slug", "name", "sort_order", "regions", "former_names", "updated_at")


class RegionSerializer(serializers.ModelSerializer):
    healthcare_region = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Region
        fields = ("slug", "name", "healthcare_region", "updated_at")


class GroupSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    healthcare_region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    mirror_of = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    relations = RelationSerializer(source="outgoing_relations", many=True, read_only=True)
    hostings = HostingSerializer(source="current_hostings", many=True, read_only=True)
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
            "updated_at",
            "url",
        )

    def get_url(self, group: Group) -> str:
        """The group's page in the portal."""
        request = self.context.get("request")
        return request.build_absolute_uri(group.get_absolute_url()) if request else group.get_absolute_url()


class RosterMemberSerializer(serializers.ModelSerializer):
    """A row of a group's current roster. `email` and `phone` only for readers with VIEW_CONTACTS."""

    person = serializers.CharField(source="person.full_name", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    is_demo = serializers.BooleanField(source="person.is_demo", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    represents = serializers.SerializerMethodField()
    email = serializers.CharField(source="person.email", read_only=True, required=False)
    phone = serializers.CharField(source="person.phone", read_only=True, required=False)

    class Meta:
        model = Membership
        fields = (
            "id",
            "person",
            "person_id",
            "is_demo",
            "role",
            "role_label",
            "represents",
            "start_date",
            "end_date",
            "email",
            "phone",
        )

    @extend_schema_field(RepresentsSerializer(allow_null=True))
    def get_represents(self, membership):
        return _represents(membership)

    def to_representation(self, membership):
        data = super().to_representation(membership)
        if not self.context.get("show_contacts"):
            data.pop("email")
            data.pop("phone")
        return data


class GroupDetailSerializer(GroupSerializer):
    members = serializers.SerializerMethodField()
    mirrors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    former_names = FormerNameSerializer(many=True, read_only=True)
    hostings = HostingSerializer(source="current_hostings", many=True, read_only=True)

    class Meta(GroupSerializer.Meta):
        fields = (*GroupSerializer.Meta.fields, "description", "former_names", "mirrors", "members")

    @extend_schema_field(RosterMemberSerializer(many=True))
    def get_members(self, group: Group):
        request = self.context.get("request")
        show = bool(request and request.user.has_perm(VIEW_CONTACTS, group))
        return RosterMemberSerializer(group.current_memberships, many=True, context={"show_contacts": show}).data


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_demo = serializers.BooleanField()


class MembershipListSerializer(serializers.ListSerializer):
    """The list of mandates, built as plain dicts: the generic path costs about a millisecond per
    row (a field lookup, a signature check and a lazy-label hash per field, `get_role_display`
    translating every role label), which made a full sync slow. Same output as the generic path
    (tests/api/test_sync.py compares them): the role labels are translated once per response,
    the dates go through the fields' own to_representation."""

    def to_representation(self, data):
        rows = data.all() if hasattr(data, "all") else data
        child = self.child
        labels = {value: str(label) for value, label in Role.choices}
        start_date, end_date = child.fields["start_date"], child.fields["end_date"]
        updated_at = child.fields["updated_at"]
        result = []
        for m in rows:
            person = m.person
            result.append(
                {
                    "id": m.pk,
                    "group": m.group.slug,
                    "person": {"id": person.pk, "name": person.full_name, "is_demo": person.is_demo},
                    "role": m.role,
                    "role_label": labels.get(m.role, m.role),
                    "represents": _represents(m),
                    "start_date": start_date.to_representation(m.start_date),
                    "end_date": None if m.end_date is None else end_date.to_representation(m.end_date),
                    "updated_at": updated_at.to_representation(m.updated_at),
                }
            )
        return result


class MembershipSerializer(serializers.ModelSerializer):
    """A mandate: who, in which group, in what role, for which period. Never deleted: an ended
    mandate has its end_date (and a new updated_at), so a syncing client sees the end."""

    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = serializers.SerializerMethodField()
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    represents = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ("id", "group", "person", "role", "role_label", "represents", "start_date", "end_date", "updated_at")
        list_serializer_class = MembershipListSerializer

    @extend_schema_field(PersonRefSerializer)
    def get_person(self, membership):
        person = membership.person
        return {"id": person.pk, "name": person.full_name, "is_demo": person.is_demo}

    @extend_schema_field(RepresentsSerializer(allow_null=True))
    def get_represents(self, membership):
        return _represents(membership)


class BoundedIdField(serializers.PrimaryKeyRelatedField):
    """A primary key that is checked to be a 64-bit id before the database sees it."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class MembershipCreateSerializer(serializers.Serializer):
    """Add a mandate to a group's roster, as the roster page does."""

    group = serializers.SlugRelatedField(
        slug_field="slug", queryset=Group.objects.all(), help_text=_("Gruppens kortnamn.")
    )
    person = BoundedIdField(queryset=Person.objects.all(), help_text=_("Personens id (ur /personer/ eller /uppdrag/)."))
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    roster_version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("Ledamotslistans version när du läste den; ändrad sedan dess ger 409 och inget sparas."),
    )


class MembershipEndSerializer(serializers.Serializer):
    """End a mandate on a date (inclusive). The mandate stays as history."""

    end_date = serializers.DateField()
    roster_version = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


class PersonSerializer(serializers.ModelSerializer):
    """A person: name, title and employer (public in the directory). `email` and `phone` only for
    readers who may see the person's details (VIEW_PERSON)."""

    email = serializers.CharField(read_only=True, required=False)
    phone = serializers.CharField(read_only=True, required=False)

    class Meta:
        model = Person
        fields = ("id", "first_name", "last_name", "title", "employer", "is_demo", "updated_at", "email", "phone")

    def to_representation(self, person):
        data = super().to_representation(person)
        if not getattr(person, "details_visible", False):
            data.pop("email")
            data.pop("phone")
        return data


class AssignmentSerializer(serializers.ModelSerializer):
    """One of the logged-in person's own mandates (Mina uppdrag)."""

    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    represents = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = (
            "id",
            "group",
            "group_name",
            "role",
            "role_label",
            "represents",
            "start_date",
            "end_date",
            "updated_at",
        )

    @extend_schema_field(RepresentsSerializer(allow_null=True))
    def get_represents(self, membership):
        return _represents(membership)
