"""Forms of the regional follow-up. They only shape input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .follow_up_choices import ActivityStatus, ReportKind
from .models.indicators import MAX_YEAR, MIN_YEAR


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label):
    return forms.DateField(label=label, required=False, widget=DateInput())


class ImplementationForm(forms.Form):
    responsible_group = forms.ModelChoiceField(
        label=_("Ansvarigt LPO eller LAG"), queryset=None, required=False, empty_label=_("Inte angivet")
    )
    declined = forms.BooleanField(label=_("Regionen har beslutat att inte införa vårdförloppet"), required=False)
    decided_on = _date(_("Beslut om införande"))
    gap_analysis_on = _date(_("Gapanalys påbörjad"))
    action_plan_on = _date(_("Handlingsplan fastställd"))
    introduced_on = _date(_("Införande påbörjat"))
    follow_up_on = _date(_("Uppföljning påbörjad"))
    note = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        from kunskapsstyrning.organisation.models import Group

        self.fields["responsible_group"].queryset = Group.objects.filter(pk__in=[g.pk for g in groups])


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapport"), choices=ReportKind.choices, widget=forms.RadioSelect)
    year = forms.IntegerField(
        label=_("År"), min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Året då rapporten ska vara inne.")
    )
    summary = forms.CharField(label=_("Sammanfattning av läget"), widget=forms.Textarea(attrs={"rows": 8}))


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    owner = forms.CharField(label=_("Ansvarig"), max_length=200, help_text=_("Verksamhet, funktion eller person."))
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    due_on = _date(_("Klart senast"))


class ActivityUpdateForm(forms.Form):
    owner = forms.CharField(label=_("Ansvarig"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    due_on = _date(_("Klart senast"))


class ValuesForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"i{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=12,
                decimal_places=2,
                localize=True,
                help_text=_("Lämna tomt för att inte ändra."),
            )

    def values(self):
        return {i: self.cleaned_data.get(f"i{i.pk}") for i in self.indicators}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_("Kolumnerna Region, Indikator (koden), År och Värde. Semikolon, komma eller tabb som avgränsare."),
    )
