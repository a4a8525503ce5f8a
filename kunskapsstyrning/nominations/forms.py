"""Forms for calls, nominations and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.forms import DateInput, bound_date_fields, required_when
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Person

from .choices import NominatedBy
from .models import SeatCall
from .permissions import (
    NOT_ONESELF,
    NOT_REGION_REPRESENTATIVE,
    NOT_RPO_LEADER,
    nominating_region_ids,
    nominating_rpo_ids,
)


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
    sjukvårdsregion or an RPO. The choices offer only what the user may nominate for
    (permissions.NOMINATE_FOR); the service asks the rule again."""

    nominee = forms.ChoiceField(
        label=_("Vem nomineras?"),
        choices=[("self", _("Jag själv")), ("other", _("En annan person"))],
        widget=forms.RadioSelect,
        initial="self",
    )
    first_name = required_when(
        forms.CharField(label=_("Förnamn"), max_length=100, required=False),
        _("Krävs när du nominerar en annan person."),
    )
    last_name = required_when(
        forms.CharField(label=_("Efternamn"), max_length=100, required=False),
        _("Krävs när du nominerar en annan person."),
    )
    email = forms.EmailField(label=_("E-post"), required=False)
    nominated_by = forms.ChoiceField(
        label=_("Nominerad av"),
        choices=NominatedBy.choices,
        error_messages={"invalid_choice": _("Du kan inte nominera på det sättet.")},
    )
    nominating_healthcare_region = required_when(
        forms.ModelChoiceField(
            label=_("Nominerande sjukvårdsregion"),
            queryset=HealthcareRegion.objects.all(),
            required=False,
            error_messages={"invalid_choice": NOT_REGION_REPRESENTATIVE},
        ),
        _("Krävs när en sjukvårdsregion nominerar."),
    )
    nominating_group = required_when(
        forms.ModelChoiceField(
            label=_("Nominerande RPO"),
            queryset=Group.objects.filter(kind=GroupKind.RPO),
            required=False,
            error_messages={"invalid_choice": NOT_RPO_LEADER},
        ),
        _("Krävs när ett RPO nominerar."),
    )
    motivation = forms.CharField(label=_("Motivering och kompetens"), widget=forms.Textarea(attrs={"rows": 4}))
    manager_approval = required_when(
        forms.BooleanField(label=_("Min/hens chef har godkänt uppdraget"), required=False),
        _("Krävs för en egen intresseanmälan."),
    )
    manager_name = required_when(
        forms.CharField(label=_("Chefens namn"), max_length=200, required=False),
        _("Krävs när chefen har godkänt uppdraget."),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is None:
            return
        # The same sets the rule NOMINATE_FOR asks (None: every one).
        regions, rpos = nominating_region_ids(user), nominating_rpo_ids(user)
        regions_field, rpos_field = self.fields["nominating_healthcare_region"], self.fields["nominating_group"]
        if regions is not None:
            regions_field.queryset = regions_field.queryset.filter(pk__in=regions)
        if rpos is not None:
            rpos_field.queryset = rpos_field.queryset.filter(pk__in=rpos)
        allowed = {
            NominatedBy.HEALTHCARE_REGION: regions is None or bool(regions),
            NominatedBy.RPO: rpos is None or bool(rpos),
            NominatedBy.SELF: getattr(user, "person", None) is not None,
        }
        self.fields["nominated_by"].choices = [(v, label) for v, label in NominatedBy.choices if allowed[v]]

    @property
    def can_nominate(self) -> bool:
        """False if the rule leaves the user no way to nominate (no person, no representation)."""
        return bool(self.fields["nominated_by"].choices)

    def clean(self):
        data = super().clean()
        if data.get("nominee") == "self" and getattr(self.user, "person", None) is None:
            self.add_error("nominee", _("Ditt konto är inte kopplat till någon person; nominera en annan person."))
        if data.get("nominee") == "other" and not (data.get("first_name") and data.get("last_name")):
            self.add_error("first_name", _("Fyll i förnamn och efternamn på den du nominerar."))
        if data.get("nominated_by") == NominatedBy.SELF and data.get("nominee") == "other":
            self.add_error("nominated_by", NOT_ONESELF)
        if data.get("nominated_by") == NominatedBy.SELF and not data.get("manager_approval"):
            self.add_error("manager_approval", _("En egen intresseanmälan kräver chefens godkännande."))
        if data.get("manager_approval") and not data.get("manager_name"):
            self.add_error("manager_name", _("Ange vilken chef som har godkänt."))
        if (
            data.get("nominated_by") == NominatedBy.HEALTHCARE_REGION
            and not data.get("nominating_healthcare_region")
            and "nominating_healthcare_region" not in self.errors
        ):
            self.add_error("nominating_healthcare_region", _("Ange vilken sjukvårdsregion som nominerar."))
        if (
            data.get("nominated_by") == NominatedBy.RPO
            and not data.get("nominating_group")
            and "nominating_group" not in self.errors
        ):
            self.add_error("nominating_group", _("Ange vilket RPO som nominerar."))
        return data

    def nominee_person(self) -> Person:
        """The user's own person, the existing person with the e-mail address given, or a new
        one. An existing person is used silently, whatever name was typed: the form never tells
        whom an address belongs to."""
        data = self.cleaned_data
        if data["nominee"] == "self":
            return self.user.person
        email = data.get("email") or ""
        existing = Person.objects.filter(email__iexact=email).first() if email else None
        return existing or Person(first_name=data["first_name"], last_name=data["last_name"], email=email)


class NominationDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("check", _("Jäv kontrollerat")), ("accept", _("Anta")), ("decline", _("Avslå"))]
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    #: Set by the confirmation page: accepting or declining is asked once more before it is done.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
