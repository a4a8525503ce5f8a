"""Forms of the vårdförlopp's editor pages. They only collect input; the services validate and
write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group

from .choices import SectionKind
from .workflow import ACTIONS

#: Empty step rows offered below the existing ones.
EXTRA_STEPS = 2


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Namn"), max_length=200)
    change_note = forms.CharField(
        label=_("Ändringsbeskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, step_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in SectionKind.choices:
            self.fields[f"section_{kind}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Markdown. Rubriker, listor, tabeller och länkar; ingen HTML."),
            )
        self.step_count = step_count + EXTRA_STEPS
        for i in range(self.step_count):
            n = i + 1
            self.fields[f"step_{i}_title"] = forms.CharField(
                label=_("Steg %(n)s: rubrik") % {"n": n}, required=False, max_length=200
            )
            self.fields[f"step_{i}_care"] = forms.CharField(
                label=_("Steg %(n)s: hälso- och sjukvårdens åtgärder") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"step_{i}_patient"] = forms.CharField(
                label=_("Steg %(n)s: patientens åtgärder") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def section_fields(self):
        return [self[f"section_{kind}"] for kind in SectionKind.values]

    def step_rows(self):
        return [
            (i + 1, self[f"step_{i}_title"], self[f"step_{i}_care"], self[f"step_{i}_patient"])
            for i in range(self.step_count)
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "change_note": data["change_note"],
            "sections": {kind: data[f"section_{kind}"] for kind in SectionKind.values},
            "steps": [
                (data[f"step_{i}_title"], data[f"step_{i}_care"], data[f"step_{i}_patient"])
                for i in range(self.step_count)
            ],
        }


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in sorted(ACTIONS)], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(
        label=_("Datum för SKS beslut"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opens_on = forms.DateField(
        label=_("Remissen öppnar"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Sista svarsdag"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Fler mottagare: programområden och samverkansgrupper"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.CharField(
        label=_("Fler mottagare utanför strukturen (en per rad, t.ex. kommuner)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De 21 regionerna får remissen alltid."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(
            kind__in=[GroupKind.NPO, GroupKind.NSG], closed_on__isnull=True
        ).order_by("kind", "name")

    def organisation_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["organisations"].splitlines() if line.strip()]


class PathwayCreateForm(forms.Form):
    """A new vårdförlopp as SKS decided it: its name, diagnosis area, responsible NPOs, the NAG
    that develops it and a short definition. services.pathway_create checks and writes."""

    name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        error_messages={"required": _("Ange vårdförloppets namn.")},
    )
    diagnosis_area = forms.CharField(label=_("Diagnosområde"), max_length=200, required=False)
    responsible_npos = forms.ModelMultipleChoiceField(
        label=_("Ansvariga nationella programområden (NPO)"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Välj minst ett ansvarigt programområde."),
            "invalid_choice": _("Välj bland programområdena i listan."),
            "invalid_pk_value": _("Välj bland programområdena i listan."),
        },
    )
    working_group = forms.ModelChoiceField(
        label=_("Nationell arbetsgrupp (NAG) som tar fram vårdförloppet"),
        queryset=Group.objects.none(),
        empty_label=_("Välj arbetsgrupp"),
        error_messages={
            "required": _("Välj den nationella arbetsgrupp som tar fram vårdförloppet."),
            "invalid_choice": _("Välj en arbetsgrupp i listan."),
        },
    )
    definition = forms.CharField(
        label=_("Kort definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vilka personer och vilket tillstånd vårdförloppet gäller, i en eller två meningar."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_groups = Group.objects.filter(closed_on__isnull=True).order_by("name")
        self.fields["responsible_npos"].queryset = open_groups.filter(kind=GroupKind.NPO)
        self.fields["working_group"].queryset = open_groups.filter(kind=GroupKind.NAG)

    def npo_choices(self):
        """The NPO checkboxes, each with its id, for the template's fieldset."""
        return list(self["responsible_npos"])
