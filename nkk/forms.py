"""Forms of the editor pages. They only collect input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models import Group

from .choices import ChangeKind, SecondRoundKind, SectionKind, TargetPopulation
from .models import PublishingDate, Recommendation, SubjectArea


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.replace(";", ",").split(",") if c.strip()]


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    change_kind = forms.ChoiceField(label=_("Typ av ändring"), choices=ChangeKind.choices)
    change_subject = forms.CharField(label=_("Förtydligande av"), required=False, max_length=300)
    change_heading = forms.CharField(label=_("Under rubriken"), required=False, max_length=300)
    change_note = forms.CharField(
        label=_("Ändringsbeskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_populations = forms.MultipleChoiceField(
        label=_("Målgrupper"), choices=TargetPopulation.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    icd10_codes = forms.CharField(label=_("Diagnoskoder ICD-10-SE (kommaseparerade)"), required=False)
    ksh97p_codes = forms.CharField(label=_("Diagnoskoder KSH97-P (kommaseparerade)"), required=False)
    replaces = forms.ModelMultipleChoiceField(
        label=_("Ersätter (vid sammanslagning)"),
        queryset=Recommendation.objects.public(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recommendation=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in SectionKind.choices:
            self.fields[f"section_{kind}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Markdown. HTML visas som text."),
            )
        if recommendation is not None:
            qs = Recommendation.objects.public().filter(subject_area=recommendation.subject_area)
            self.fields["replaces"].queryset = qs.exclude(pk=recommendation.pk)

    def sections(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(f"section_{kind}", "") for kind in SectionKind.values}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "change_kind": data["change_kind"],
            "change_subject": data["change_subject"],
            "change_heading": data["change_heading"],
            "change_note": data["change_note"],
            "target_populations": data["target_populations"],
            "icd10_codes": _codes(data["icd10_codes"]),
            "ksh97p_codes": _codes(data["ksh97p_codes"]),
            "replaces": list(data["replaces"]),
            "sections": self.sections(),
        }


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    second_round_kind = forms.ChoiceField(
        label=_("Granskningsrunda 2"), choices=[("", "—"), *SecondRoundKind.choices], required=False
    )
    publishing_date = forms.ModelChoiceField(
        label=_("Publiceringstillfälle"), queryset=PublishingDate.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kunskapsstyrning.organisation.models.periods import today

        from .choices import PublishingDateStatus

        self.fields["publishing_date"].queryset = PublishingDate.objects.filter(date__gte=today()).exclude(
            status=PublishingDateStatus.PUBLISHED
        )


class PublishingDateForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Anmärkning"), required=False, max_length=300)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationCreateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    subject_area = forms.ModelChoiceField(label=_("Ämnesområde"), queryset=SubjectArea.objects.order_by("name"))
    owning_group = forms.ModelChoiceField(label=_("Ägande arbetsgrupp"), queryset=Group.objects.none())

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_group"].queryset = groups if groups is not None else Group.objects.none()
