"""Forms for calls, nominations and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.forms import DateInput, bound_date_fields
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Person

from .choices import NominatedBy
from .models import SeatCall


class SeatCallForm(forms.ModelForm):
    class Meta:
        model = SeatCall
        fields = (
            "title",
            "role",
            "healthcare_region",
            "seats",
            "task",
            "competences",
            "closes_on",
            "mandate_start",
            "mandate_end",
            "deciding_body",
        )
        widgets = {
            "closes_on": DateInput,
            "mandate_start": DateInput,
            "mandate_end": DateInput,
            "task": forms.Textarea(attrs={"rows": 4}),
            "competences": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self)


class NominationForm(forms.Form):
    """Nominate yourself (with your manager's approval) or someone else on behalf of a
    sjukvårdsregion or an RPO."""

    nominee = forms.ChoiceField(
        label=_("Vem nomineras?"),
        choices=[("self", _("Jag själv")), ("other", _("En annan person"))],
        widget=forms.RadioSelect,
        initial="self",
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    nominated_by = forms.ChoiceField(label=_("Nominerad av"), choices=NominatedBy.choices)
    nominating_healthcare_region = forms.ModelChoiceField(
        label=_("Nominerande sjukvårdsregion"), queryset=HealthcareRegion.objects.all(), required=False
    )
    nominating_group = forms.ModelChoiceField(
        label=_("Nominerande RPO"), queryset=Group.objects.filter(kind=GroupKind.RPO), required=False
    )
    motivation = forms.CharField(label=_("Motivering och kompetens"), widget=forms.Textarea(attrs={"rows": 4}))
    manager_approval = forms.BooleanField(label=_("Min/hens chef har godkänt uppdraget"), required=False)
    manager_name = forms.CharField(label=_("Chefens namn"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("nominee") == "self" and getattr(self.user, "person", None) is None:
            self.add_error("nominee", _("Ditt konto är inte kopplat till någon person; nominera en annan person."))
        if data.get("nominee") == "other" and not (data.get("first_name") and data.get("last_name")):
            self.add_error("first_name", _("Fyll i förnamn och efternamn på den du nominerar."))
        if data.get("nominated_by") == NominatedBy.SELF and not data.get("manager_approval"):
            self.add_error("manager_approval", _("En egen intresseanmälan kräver chefens godkännande."))
        if data.get("manager_approval") and not data.get("manager_name"):
            self.add_error("manager_name", _("Ange vilken chef som har godkänt."))
        if data.get("nominated_by") == NominatedBy.HEALTHCARE_REGION and not data.get("nominating_healthcare_region"):
            self.add_error("nominating_healthcare_region", _("Ange vilken sjukvårdsregion som nominerar."))
        if data.get("nominated_by") == NominatedBy.RPO and not data.get("nominating_group"):
            self.add_error("nominating_group", _("Ange vilket RPO som nominerar."))
        return data

    def nominee_person(self) -> Person:
        data = self.cleaned_data
        if data["nominee"] == "self":
            return self.user.person
        email = data.get("email") or ""
        existing = Person.objects.filter(email__iexact=email).first() if email else None
        if existing is not None:
            if (existing.first_name, existing.last_name) != (data["first_name"], data["last_name"]):
                raise forms.ValidationError(
                    _("E-postadressen %(email)s tillhör redan %(name)s."),
                    params={"email": email, "name": existing.full_name},
                )
            return existing
        return Person(first_name=data["first_name"], last_name=data["last_name"], email=email)


class NominationDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("check", _("Jäv kontrollerat")), ("accept", _("Anta")), ("decline", _("Avslå"))]
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
