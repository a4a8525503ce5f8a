"""Serializers of the care-pathway API: published pathways (the skeleton's fields), the regions'
introductions (the matrix's cells) and the indicators with their reported values. All public."""

from rest_framework import serializers

from ..models import CarePathway, Implementation, ImplementationReport, Indicator, IndicatorValue


class CarePathwaySerializer(serializers.ModelSerializer):
    responsible_npos = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CarePathway
        fields = (
            "slug",
            "name",
            "diagnosis_area",
            "responsible_npos",
            "working_group",
            "definition",
            "state",
            "decided_on",
            "is_demo",
            "updated_at",
        )


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImplementationReport
        fields = ("kind", "year", "stage", "submitted_on", "summary")


class ImplementationSerializer(serializers.ModelSerializer):
    pathway = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    healthcare_region = serializers.SlugRelatedField(
        source="region.healthcare_region", slug_field="slug", read_only=True
    )
    responsible_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    reports = ReportSerializer(many=True, read_only=True)

    class Meta:
        model = Implementation
        fields = (
            "id",
            "pathway",
            "region",
            "healthcare_region",
            "stage",
            "responsible_group",
            "declined",
            "decided_on",
            "gap_analysis_on",
            "action_plan_on",
            "introduced_on",
            "follow_up_on",
            "reports",
            "is_demo",
            "updated_at",
        )


class IndicatorSerializer(serializers.ModelSerializer):
    pathway = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Indicator
        fields = (
            "id",
            "pathway",
            "code",
            "name",
            "kind",
            "definition",
            "unit",
            "target",
            "direction",
            "is_demo",
            "updated_at",
        )


class IndicatorValueSerializer(serializers.ModelSerializer):
    pathway = serializers.SlugRelatedField(source="indicator.pathway", slug_field="slug", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ("id", "pathway", "indicator", "region", "year", "value", "is_demo", "updated_at")
