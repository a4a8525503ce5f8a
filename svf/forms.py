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
