"""Forms for calls, nominations and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.forms import DateInput, bound_date_fields, required_when
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Person

from .choices import NominatedBy
from .models import SeatCall
from .permissions import (
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
    (permissions.NOMINATE_FOR); the service asks the rule again.

    Who nominates is asked once: "Jag själv" is the logged-in person, so a self-nomination asks
    for no name; the nominee's name and address are asked only when someone else is nominated.
    A user who may only nominate themselves is not asked at all."""

    #: How the question "Vem nominerar?" names each answer.
    NOMINATOR_LABELS = {
        NominatedBy.SELF: _("Jag nominerar mig själv (egen intresseanmälan)"),
        NominatedBy.HEALTHCARE_REGION: _("En sjukvårdsregion som jag företräder nominerar någon"),
        NominatedBy.RPO: _("Ett RPO där jag är ordförande eller processledare nominerar någon"),
    }
    NOMINATOR_FIELDS = ("nominated_by", "nominating_healthcare_region", "nominating_group")
    NOMINEE_FIELDS = ("first_name", "last_name", "email")

    nominated_by = forms.ChoiceField(
        label=_("Vem nominerar?"),
        choices=NominatedBy.choices,
        widget=forms.RadioSelect,
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
    first_name = required_when(
        forms.CharField(label=_("Förnamn"), max_length=100, required=False),
        _("Krävs när du nominerar någon annan än dig själv."),
    )
    last_name = required_when(
        forms.CharField(label=_("Efternamn"), max_length=100, required=False),
        _("Krävs när du nominerar någon annan än dig själv."),
    )
    email = forms.EmailField(label=_("E-post"), required=False)
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
        choices = [(v, self.NOMINATOR_LABELS[v]) for v, _label in NominatedBy.choices if allowed[v]]
        field = self.fields["nominated_by"]
        field.choices = choices
        if self.self_only:
            # Nothing to ask: the nominator and the nominee are the logged-in person.
            field.widget = forms.HiddenInput()
            field.initial = NominatedBy.SELF
            for name in ("nominating_healthcare_region", "nominating_group", *self.NOMINEE_FIELDS):
                del self.fields[name]
        else:
            if not allowed[NominatedBy.HEALTHCARE_REGION]:
                del self.fields["nominating_healthcare_region"]
            if not allowed[NominatedBy.RPO]:
                del self.fields["nominating_group"]
            if allowed[NominatedBy.SELF]:
                field.initial = NominatedBy.SELF

    @property
    def can_nominate(self) -> bool:
        """False if the rule leaves the user no way to nominate (no person, no representation)."""
        return bool(self.fields["nominated_by"].choices)

    @property
    def self_only(self) -> bool:
        """The user may only nominate themselves: the form asks neither who nominates nor whom."""
        return [value for value, _label in self.fields["nominated_by"].choices] == [NominatedBy.SELF]

    def _bound(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    def nominator_fields(self) -> list:
        return self._bound(self.NOMINATOR_FIELDS)

    def nominee_fields(self) -> list:
        return self._bound(self.NOMINEE_FIELDS)

    def other_fields(self) -> list:
        return self._bound(("motivation", "manager_approval", "manager_name"))

    def clean(self):
        data = super().clean()
        by = data.get("nominated_by")
        if by == NominatedBy.SELF and getattr(self.user, "person", None) is None:
            self.add_error("nominated_by", _("Ditt konto är inte kopplat till någon person; nominera en annan person."))
        if by and by != NominatedBy.SELF and not (data.get("first_name") and data.get("last_name")):
            self.add_error("first_name", _("Fyll i förnamn och efternamn på den du nominerar."))
        if by == NominatedBy.SELF and not data.get("manager_approval"):
            self.add_error("manager_approval", _("En egen intresseanmälan kräver chefens godkännande."))
        if data.get("manager_approval") and not data.get("manager_name"):
            self.add_error("manager_name", _("Ange vilken chef som har godkänt."))
        if (
            by == NominatedBy.HEALTHCARE_REGION
            and not data.get("nominating_healthcare_region")
            and "nominating_healthcare_region" not in self.errors
        ):
            self.add_error("nominating_healthcare_region", _("Ange vilken sjukvårdsregion som nominerar."))
        if by == NominatedBy.RPO and not data.get("nominating_group") and "nominating_group" not in self.errors:
            self.add_error("nominating_group", _("Ange vilket RPO som nominerar."))
        return data

    def nominee_person(self) -> Person:
        """A self-nomination: the user's own person, whatever else was posted. Otherwise the
        existing person with the e-mail address given, or a new one. An existing person is used
        silently, whatever name was typed: the form never tells whom an address belongs to."""
        data = self.cleaned_data
        if data["nominated_by"] == NominatedBy.SELF:
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
