"""The campaign form of the support function's pages. It only collects input; the services
validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TargetPopulation
from .models import SubjectArea


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas på den öppna sidan med kampanjens läge."),
    )
    starts_on = forms.DateField(
        label=_("Startar"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Det som publiceras eller granskas utan ändring från och med den dagen räknas som reviderat."),
    )
    deadline = forms.DateField(label=_("Revideras senast"), widget=forms.DateInput(attrs={"type": "date"}))
    subject_areas = forms.ModelMultipleChoiceField(
        label=_("Ämnesområden"),
        queryset=SubjectArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget valt: alla ämnesområden."),
    )
    target_populations = forms.MultipleChoiceField(
        label=_("Målgrupper"),
        choices=TargetPopulation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget valt: alla målgrupper."),
    )

    @classmethod
    def initial_from(cls, campaign) -> dict:
        return {
            "name": campaign.name,
            "description": campaign.description,
            "starts_on": campaign.starts_on,
            "deadline": campaign.deadline,
            "subject_areas": list(campaign.subject_areas.all()),
            "target_populations": campaign.target_populations,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {**data, "subject_areas": list(data["subject_areas"])}
