"""Forms of the plan pages. They only collect input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.ordering import swedish

from .choices import FIRST_YEAR, LAST_YEAR, PLANNING_KINDS, InitiativeKind, InitiativeStatus
from .selectors import linkable_care_pathways, linkable_recommendations


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=InitiativeKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices, initial=InitiativeStatus.PLANNED)
    cooperating_groups = forms.ModelMultipleChoiceField(
        label=_("Samverkande grupper"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )

    recommendations = forms.ModelMultipleChoiceField(
        label=_("Kunskapsstöd som insatsen tar fram eller reviderar"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Gruppens egna rekommendationer står först. Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    care_pathways = forms.ModelMultipleChoiceField(
        label=_("Vårdförlopp som insatsen tar fram eller reviderar"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Gruppens egna vårdförlopp står först. Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperating_groups"].queryset = (
            Group.objects.active().filter(kind__in=PLANNING_KINDS).exclude(pk=group.pk).order_by(swedish("name"))
        )
        for name, queryset, label in (
            ("recommendations", linkable_recommendations(group), "title"),
            ("care_pathways", linkable_care_pathways(group), "name"),
        ):
            field = self.fields[name]
            field.queryset = queryset
            field.choices = _own_first(queryset, label)


def _own_first(queryset, label: str) -> list:
    """Two option groups, the planning group's own first: one query, the validation still by the
    field's queryset."""
    own, other = [], []
    for pk, text, is_other in queryset.values_list("pk", label, "own"):
        (other if is_other else own).append((pk, text))
    choices = []
    if own:
        choices.append((_("Gruppens egna"), own))
    if other:
        choices.append((_("Övriga"), other))
    return choices


class PlanCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = today().year
        self.fields["year"].choices = [
            (y, str(y)) for y in range(max(FIRST_YEAR, this - 1), min(LAST_YEAR, this + 2) + 1)
        ]
        self.fields["year"].initial = this + 1 if today().month >= 9 else this


class ApproveForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Datum för SKS beslut"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("ÅÅÅÅ-MM-DD")
    )
    decision_reference = forms.CharField(
        label=_("Beslut (protokoll eller diarienummer)"), max_length=100, required=False
    )


class ReviseForm(forms.Form):
    change_note = forms.CharField(
        label=_("Vad revisionen ska ändra"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
