"""Forms of the roster pages. They validate input; the services write (and validate again)."""

import datetime

from django import forms
from django.db.models import Case, CharField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from .choices import Gender, GroupKind, HostingKind, Role
from .models import HealthcareRegion, Membership, Organisation, Person, Region
from .models.periods import EARLIEST_DATE, LATEST_DATE, active_on, date_in_range, date_range_message, today
from .ordering import swedish
from .permissions import visible_people_filter


def required_when(field: forms.Field, condition) -> forms.Field:
    """Mark a field that is required only in some cases (the form's clean() checks it): the label
    does not call it optional, and the help text says when it is needed."""
    field.required_when = True
    field.help_text = condition
    return field


REPRESENTS_KINDS = {
    "sjukvardsregion": HealthcareRegion,
    "region": Region,
    "organisation": Organisation,
}


def represents_choices() -> list:
    """A grouped choice list of everything a member can represent (three small queries)."""
    return [
        ("", _("Ingen")),
        (_("Sjukvårdsregion"), [(f"sjukvardsregion:{o.pk}", o.name) for o in HealthcareRegion.objects.all()]),
        (_("Region"), [(f"region:{o.pk}", o.name) for o in Region.objects.all()]),
        (_("Organisation"), [(f"organisation:{o.pk}", o.name) for o in Organisation.objects.all()]),
    ]


def represents_value(obj) -> str:
    for key, model in REPRESENTS_KINDS.items():
        if isinstance(obj, model):
            return f"{key}:{obj.pk}"
    return ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """A date in the portal's range (models.periods.EARLIEST_DATE … LATEST_DATE), with the
    bounds on the browser's date picker too."""

    widget = DateInput

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "min": EARLIEST_DATE.isoformat(),
            "max": LATEST_DATE.isoformat(),
        }

    def validate(self, value):
        super().validate(value)
        if not date_in_range(value):
            raise forms.ValidationError(date_range_message(), code="date_out_of_range")


def bound_date_fields(form: forms.BaseForm) -> None:
    """Give a model form's date fields the same range check (for forms built from models)."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField) and not isinstance(field, DateField):
            field.validators.append(_validate_date_in_range)
            field.widget.attrs.update({"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()})


def _validate_date_in_range(value) -> None:
    if not date_in_range(value):
        raise forms.ValidationError(date_range_message(), code="date_out_of_range")


class RosterVersionForm(forms.Form):
    """Carries the roster version the editor saw, so that a stale save is refused."""

    roster_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


#: The most people a search shows; more found are cut off with a hint to narrow the search.
SEARCH_LIMIT = 20


def _fold(value) -> Func:
    """Text as the search compares it: no case, no diacritics, hyphens as spaces (migration 0005)."""
    return Func(value, function="ks_fold", output_field=CharField())


def search_people(term: str, user=None, limit: int = SEARCH_LIMIT) -> list[Person]:
    """The people whose names hold every word of the term at the start of a name part ("anna
    demo" finds Anna Demosson), whatever the case and diacritics ("teststrom" finds Testström);
    anyone whose e-mail address is exactly the term; and, among the people the user may see
    (VIEW_PERSON), those whose address contains the term. Exact full names and exact addresses
    first, then names that start with the term, then the rest, each in Swedish order. At most
    `limit` + 1 people: one more than shown tells the caller that the list was cut off.

    Names are not limited by Person.objects.visible_to: whoever adds a member must be able to find
    an existing person (instead of creating a duplicate), and a name is public in the directory
    anyway. What the search shows of a person beyond the name is decided by the caller
    (PersonChoiceForm: the e-mail address only of people the user may see). An exact-address
    match tells only what the caller already typed, and the duplicate check on a new person's
    address says as much; a part of an address would tell more, so it finds only people the user
    may see. One query (after the user's own groups, which the visibility filter needs)."""
    term = " ".join(term.split())
    if len(term) < 2:
        return []
    key = Func(F("first_name"), F("last_name"), function="ks_person_key", output_field=CharField())
    folded = _fold(Value(term))
    by_name = Q()
    for word in term.split():
        by_name &= Q(search_key__contains=Concat(Value(" "), _fold(Value(word))))
    q = Q(email__iexact=term) | by_name
    if " " not in term and user is not None:
        visible = visible_people_filter(user)
        q |= Q(email__icontains=term) & (visible if visible is not None else Q())
    people = (
        Person.objects.annotate(search_key=key)
        .filter(q)
        .annotate(
            search_rank=Case(
                When(Q(email__iexact=term) | Q(search_key=Concat(Value(" "), folded)), then=Value(0)),
                When(search_key__startswith=Concat(Value(" "), folded), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("search_rank", swedish("last_name"), swedish("first_name"), "pk")
    )
    return list(people[: limit + 1])


class PersonChoiceForm(RosterVersionForm):
    """Choose an existing person (from a search) or give a new one's name and e-mail address.

    Only the people the search the form was built from found can be chosen: a posted person id
    outside those results is refused (the form's action carries the search), so that the form
    never tells anything about a person the search did not find. Each choice shows what is
    needed to pick the right person: the name, title and employer, and the groups the person is
    a current member of (public in the directory); the e-mail address only of the people the
    user may see (VIEW_PERSON). Three queries, however many are found."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        label=_("Befintlig person"),
        error_messages={
            "invalid_choice": _("Välj en person bland sökträffarna. Sök igen om personen inte finns med."),
        },
    )
    first_name = required_when(
        forms.CharField(label=_("Förnamn"), max_length=100, required=False),
        _("Krävs om du inte väljer en befintlig person."),
    )
    last_name = required_when(
        forms.CharField(label=_("Efternamn"), max_length=100, required=False),
        _("Krävs om du inte väljer en befintlig person."),
    )
    email = forms.EmailField(label=_("E-post"), required=False)
    gender = forms.ChoiceField(
        label=_("Kön"),
        choices=[("", _("Uppgift saknas")), *Gender.choices],
        required=False,
        help_text=_("Används bara för att följa könsfördelningen i gruppen."),
    )

    def __init__(self, *args, search: str = "", user=None, **kwargs):
        super().__init__(*args, **kwargs)
        found = search_people(search, user)
        #: A search was made (the results are shown, and the page moves focus to them).
        self.searched = bool(search.strip())
        #: More were found than are shown: the user is asked to narrow the search.
        self.capped = len(found) > SEARCH_LIMIT
        found = found[:SEARCH_LIMIT]
        self.found_count = len(found)
        ids = [p.pk for p in found]
        visible = (
            set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
            if user is not None and found
            else set()
        )
        groups: dict[int, list[str]] = {}
        if found:
            rows = (
                Membership.objects.filter(active_on(today()), person_id__in=ids)
                .order_by("group__name")
                .values_list("person_id", "group__short_name", "group__name")
            )
            for person_id, short_name, long_name in rows:
                name = short_name or long_name
                if name not in groups.setdefault(person_id, []):
                    groups[person_id].append(name)
        field = self.fields["person"]
        field.queryset = Person.objects.filter(pk__in=ids)
        field.choices = [(p.pk, self._label(p, p.pk in visible, groups.get(p.pk, []))) for p in found]

    @staticmethod
    def _label(person: Person, show_email: bool, groups: list[str]) -> str:
        parts = [person.full_name]
        if about := ", ".join(x for x in (person.title, person.employer) if x):
            parts.append(about)
        if groups:
            parts.append(", ".join(groups))
        if show_email:
            parts.append(person.email or _("ingen e-post"))
        return " – ".join(str(p) for p in parts)

    def clean(self):
        data = super().clean()
        if data.get("person"):
            return data
        if not (data.get("first_name") and data.get("last_name")):
            raise forms.ValidationError(
                _("Välj en befintlig person eller fyll i förnamn och efternamn för en ny person."), code="no_person"
            )
        email = data.get("email")
        if email and (existing := Person.objects.filter(email__iexact=email).first()):
            raise forms.ValidationError(
                _(
                    "Det finns redan en person med e-postadressen %(email)s: %(name)s. "
                    "Sök fram och välj personen i stället för att skapa en dubblett."
                ),
                params={"email": email, "name": existing.full_name},
                code="duplicate_person",
            )
        return data

    def chosen_or_new_person(self) -> Person:
        """The chosen person, or a new unsaved one (the service saves it in its transaction)."""
        data = self.cleaned_data
        return data["person"] or Person(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email") or "",
            gender=data.get("gender") or "",
        )


class MembershipAddForm(PersonChoiceForm):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.MEMBER)
    represents = forms.ChoiceField(label=_("Företräder"), required=False)
    start_date = DateField(label=_("Mandat från"))
    end_date = DateField(label=_("Mandat till och med"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["represents"].choices = represents_choices()

    def clean_represents(self):
        value = self.cleaned_data.get("represents")
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        model = REPRESENTS_KINDS.get(kind)
        obj = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if obj is None:
            raise forms.ValidationError(_("Välj vad ledamoten företräder ur listan."))
        return obj

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return data


class MembershipEndForm(RosterVersionForm):
    end_date = DateField(label=_("Sista dag i uppdraget"))

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if self.membership.start_date and end < self.membership.start_date:
            raise forms.ValidationError(
                _("Uppdraget började %(start)s; det kan inte sluta före dess."),
                params={"start": self.membership.start_date.isoformat()},
            )
        return end


class MembershipReplaceForm(PersonChoiceForm):
    start_date = DateField(label=_("Efterträdaren börjar"))
    end_date = DateField(label=_("Efterträdarens mandat till och med"), required=False)


class RosterDateForm(forms.Form):
    """The date for "the roster as it stood on …"."""

    per = DateField(label=_("Visa ledamöter per"), required=False)

    def on(self, default: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("per"):
            return self.cleaned_data["per"]
        return default


class RosterImportForm(RosterVersionForm):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolumner: Förnamn; Efternamn; E-post; Roll; Företräder; Mandat från; Mandat till och med. "
            "Datum som ÅÅÅÅ-MM-DD. Exportera listan för att få en mall."
        ),
    )


#: The organisation that can host besides the sjukvårdsregioner (data/structure.py: SKR).
SKR_SLUG = "skr"


def host_organisations(group):
    """The organisations that can host `group`: SKR for an NSG, and SKR for a group it hosts or
    has hosted (NPO Cancersjukdomar, Psykisk hälsa, Primärvård, the primärvårdsråd); none
    otherwise. Every group can be hosted by the six sjukvårdsregioner."""
    skr = Organisation.objects.filter(slug=SKR_SLUG)
    if group.kind == GroupKind.NSG:
        return skr
    return skr.filter(hostings__group=group).distinct()


class HostingTransferForm(forms.Form):
    """The new host: one of the bodies that can host the group (host_organisations), checked
    on the server too, whatever is posted."""

    kind = forms.ChoiceField(label=_("Typ av värdskap"), choices=HostingKind.choices)
    host = forms.ChoiceField(label=_("Ny värd"))
    start_date = DateField(label=_("Från och med"))
    source = forms.CharField(
        label=_("Beslut eller källa"), max_length=200, required=False, help_text=_("T.ex. SKS beslut 2026-09-12.")
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = {
            **{f"sjukvardsregion:{o.pk}": o for o in HealthcareRegion.objects.all()},
            **{f"organisation:{o.pk}": o for o in host_organisations(group)},
        }
        regions = [(key, o.name) for key, o in self.hosts.items() if isinstance(o, HealthcareRegion)]
        organisations = [(key, o.name) for key, o in self.hosts.items() if isinstance(o, Organisation)]
        self.fields["host"].choices = [(_("Sjukvårdsregion"), regions)] + (
            [(_("Organisation"), organisations)] if organisations else []
        )

    def clean_host(self):
        host = self.hosts.get(self.cleaned_data["host"])
        if host is None:
            raise forms.ValidationError(_("Välj en värd ur listan."))
        return host


class GroupRenameForm(forms.Form):
    """The admin's rename: the current name goes into the group's name history."""

    name = forms.CharField(label=_("Nytt namn"), max_length=200)
    effective = DateField(label=_("Gäller från och med"), help_text=_("Det gamla namnet gäller till dagen före."))
    note = forms.CharField(label=_("Anmärkning"), max_length=200, required=False, help_text=_("T.ex. SKS beslut."))
