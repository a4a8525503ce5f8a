"""Serializers of NKK's API: only what the public pages show. Published versions with their
sanitised HTML and change notes; never drafts, the workflow's comments, who wrote what, or
anyone's contact data."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import TargetPopulation
from ..models import Recommendation, RecommendationSection, RecommendationTitle, RecommendationVersion, SubjectArea


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class SubjectAreaSerializer(serializers.ModelSerializer):
    healthcare_region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    steering_npo = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = SubjectArea
        fields = ("slug", "name", "description", "healthcare_region", "steering_npo", "url")

    def get_url(self, area: SubjectArea) -> str:
        """The public list of the ämnesområde's recommendations."""
        return _absolute(self, area.get_absolute_url())


class SectionSerializer(serializers.ModelSerializer):
    """A section of a published version: the HTML is rendered from Markdown and sanitised."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    html = serializers.CharField(source="body_html", read_only=True)

    class Meta:
        model = RecommendationSection
        fields = ("kind", "kind_label", "position", "html")


class VersionSummarySerializer(serializers.ModelSerializer):
    """A published version in a list: number, title and change note, without the text."""

    publishing_date = serializers.DateField(source="publishing_date.date", read_only=True, allow_null=True)
    change_kind_label = serializers.CharField(source="get_change_kind_display", read_only=True)
    change_tag = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationVersion
        fields = (
            "id",
            "number",
            "title",
            "change_kind",
            "change_kind_label",
            "change_tag",
            "change_subject",
            "change_heading",
            "change_note",
            "published_at",
            "publishing_date",
            "url",
        )

    def get_url(self, version: RecommendationVersion) -> str:
        """The version's permanent page."""
        return _absolute(self, version.get_absolute_url())


class VersionSerializer(VersionSummarySerializer):
    """A published version with its sections. A published version never changes."""

    recommendation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(VersionSummarySerializer.Meta):
        fields = ("recommendation", *VersionSummarySerializer.Meta.fields, "sections")


class EarlierTitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationTitle
        fields = ("title", "used_until", "merged")


class RecommendationSerializer(serializers.ModelSerializer):
    subject_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owning_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target_populations = serializers.ListField(child=serializers.ChoiceField(choices=TargetPopulation.choices))
    icd10_codes = serializers.ListField(child=serializers.CharField())
    ksh97p_codes = serializers.ListField(child=serializers.CharField())
    current_version = VersionSummarySerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = (
            "slug",
            "title",
            "subject_area",
            "owning_group",
            "target_populations",
            "icd10_codes",
            "ksh97p_codes",
            "approved_on",
            "last_reviewed_on",
            "last_published_on",
            "revision_deadline",
            "current_version",
            "url",
        )

    def get_url(self, recommendation: Recommendation) -> str:
        """The recommendation's public page."""
        return _absolute(self, recommendation.get_absolute_url())


class RecommendationDetailSerializer(RecommendationSerializer):
    """A recommendation with the text of its current version, its earlier titles and the list of
    its published versions (each readable at /api/v1/kunskapsstod/versioner/<id>/)."""

    sections = serializers.SerializerMethodField()
    earlier_titles = EarlierTitleSerializer(many=True, read_only=True)
    versions = VersionSummarySerializer(source="published_versions", many=True, read_only=True)

    class Meta(RecommendationSerializer.Meta):
        fields = (*RecommendationSerializer.Meta.fields, "sections", "earlier_titles", "versions")

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, recommendation: Recommendation):
        return SectionSerializer(recommendation.current_version.sections.all(), many=True).data
