"""Editing a group's roster in the browser: add, end, replace; and the roster's history.

Forms work without JavaScript. Who may edit is decided by permissions.EDIT_ROSTER; what is
written, and its history, by services.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from kunskapsstyrning.pdf import render_pdf

from .. import rosterfiles, services
from ..choices import Role
from ..composition import Fix, composition_findings
from ..forms import MembershipAddForm, MembershipEndForm, MembershipReplaceForm, RosterDateForm, RosterImportForm
from ..models import Group, Hosting, Membership, RosterChange
from ..models.periods import active_on, today
from ..permissions import EDIT_ROSTER, VIEW_COMPOSITION, VIEW_CONTACTS
from ..registry import registry
from ..selectors import current_memberships, roster_by_role, roster_change_diff, upcoming_and_current_memberships
from ..templatetags.structure import person_html
from .urls import url_maker


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a refusal from the services on the form: on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class GroupMixin:
    @cached_property
    def group(self) -> Group:
        return get_object_or_404(Group, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class RosterEditMixin(GroupMixin):
    """Only those who may edit this group's roster get past dispatch."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(EDIT_ROSTER, self.group):
            raise PermissionDenied(_("Du får inte ändra ledamotslistan för %(group)s.") % {"group": self.group})
        return super().dispatch(request, *args, **kwargs)

    def success(self, message: str):
        messages.success(self.request, message)
        return redirect("organisation:roster_edit", slug=self.group.slug)

    def get_context_data(self, **kwargs):
        on = today()
        memberships = list(upcoming_and_current_memberships(self.group, on=on))
        # Columns that apps above the structure add (the declarations app's "Jävsdeklaration").
        columns = registry.roster_columns
        cells = [column.load(self.request, memberships, on) for column in columns]
        for m in memberships:
            m.extra_cells = [
                (column, column_cells.get(m.pk)) for column, column_cells in zip(columns, cells, strict=True)
            ]
        return super().get_context_data(roster=roster_by_role(memberships), roster_columns=columns, **kwargs)


class RosterFormView(RosterEditMixin, FormView):
    """A roster form: the roster version travels with it; a refusal re-renders with the reason."""

    def get_initial(self):
        return {"roster_version": self.group.roster_version}

    def form_valid(self, form):
        try:
            message = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Show the roster as it is now and accept the next save against it.
            self.group.refresh_from_db()
            data = form.data.copy()
            data[form.add_prefix("roster_version")] = self.group.roster_version
            form.data = data
            return self.form_invalid(form)
        return self.success(message)


class PersonSearchMixin:
    """The person search that feeds a form's "existing person" choices.

    A link or a bookmark searches with ?sok=. The form's own Sök button is a submit button of
    the form itself (name "search"): the POST searches with the typed term and shows the form
    again with everything already typed, saving nothing. So a search never loses the fields
    filled in before it, without JavaScript, and the CSRF token never lands in an address."""

    @cached_property
    def searching(self) -> bool:
        return self.request.method == "POST" and "search" in self.request.POST

    @cached_property
    def search(self) -> str:
        """The search term as text a database can hold: no NUL or other control characters,
        and no longer than a name and an e-mail address could be."""
        source = self.request.POST if self.searching else self.request.GET
        term = source.get("sok", "")[:200]
        return "".join(c for c in term if c.isprintable() or c == " ")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "search": self.search, "user": self.request.user}

    def post(self, request, *args, **kwargs):
        if not self.searching:
            return super().post(request, *args, **kwargs)
        kwargs = self.get_form_kwargs()
        data = kwargs.pop("data")
        kwargs.pop("files", None)
        form_class = self.get_form_class()
        typed = {
            name: data.get(name)
            for name in form_class.base_fields
            if name not in ("person", "roster_version") and data.get(name)
        }
        kwargs["initial"] = {**kwargs.get("initial", {}), **typed}
        return self.render_to_response(self.get_context_data(form=form_class(**kwargs)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)


class RosterEditView(PersonSearchMixin, RosterFormView):
    """The roster with its actions, its composition findings with the action that fixes each, and
    the form that adds a member."""

    template_name = "organisation/roster_edit.html"
    form_class = MembershipAddForm

    def get_initial(self):
        # A finding's "Lägg till" link names the missing role (?roll=ordforande#lagg-till).
        role = self.request.GET.get("roll", "")
        return {**super().get_initial(), **({"role": role} if role in Role.values else {})}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = [m for section in context["roster"] for m in section.memberships]
        # Each row's name and action links, made here once per row rather than by a tag, two
        # {% url %} and two {% blocktranslate %} per row (the same msgids as the template had).
        end_url = url_maker("organisation:membership_end", "pk", slug=self.group.slug)
        replace_url = url_maker("organisation:membership_replace", "pk", slug=self.group.slug)
        end_label = _('Avsluta<span class="visually-hidden"> uppdraget för %(name)s</span>')
        replace_label = _('Ersätt<span class="visually-hidden"> %(name)s</span>')
        for m in memberships:
            name = escape(m.person.full_name)
            m.person_html = person_html(m.person, True)
            m.end_link = format_html('<a href="{}">{}</a>', end_url(m.pk), mark_safe(end_label % {"name": name}))  # noqa: S308
            m.replace_link = format_html(
                '<a href="{}">{}</a>',
                replace_url(m.pk),
                mark_safe(replace_label % {"name": name}),  # noqa: S308
            )
        if self.request.user.has_perm(VIEW_COMPOSITION, self.group):
            findings = composition_findings([self.group], on=today(), memberships=memberships)
            context["composition"] = findings.get(self.group.pk, [])
        return context

    def save(self, form) -> str:
        data = form.cleaned_data
        membership = services.membership_create(
            person=form.chosen_or_new_person(),
            group=self.group,
            role=data["role"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            represents=data.get("represents"),
            by=self.request.user,
            expected_version=data["roster_version"],
        )
        return _("%(person)s är tillagd som %(role)s.") % {
            "person": membership.person.full_name,
            "role": membership.get_role_display().lower(),
        }


class RosterRemindView(RosterEditMixin, View):
    """ "Påminn" next to a composition finding: asks for a reminder to one member, through
    services.reminder_request (which records it; sending is the reminder engine's).

    Only what the roster editor offered can be asked: the finding is computed again and must
    offer REMIND for that very membership, so a forged post reminds nobody and writes nothing."""

    def post(self, request, slug):
        subject, membership_id = request.POST.get("finding", ""), request.POST.get("membership", "")
        on = today()
        memberships = list(upcoming_and_current_memberships(self.group, on=on))
        with translation.override(settings.LANGUAGE_CODE):  # the history is kept in Swedish
            findings = composition_findings([self.group], on=on, memberships=memberships).get(self.group.pk, [])
        offered = {
            (finding.code, str(member.pk)): (finding, member)
            for finding in findings
            if finding.fix == Fix.REMIND
            for member in finding.members
        }
        if (subject, membership_id) not in offered:
            messages.error(
                request,
                _("Påminnelsen registrerades inte: ledamotslistan visar inte längre den bristen för den personen."),
            )
            return redirect(reverse("organisation:roster_edit", args=[self.group.slug]) + "#sammansattning")
        finding, membership = offered[(subject, membership_id)]
        try:
            services.reminder_request(
                group=self.group, membership=membership, subject=finding.code, about=finding.message, by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Påminnelse registrerad för %(name)s. Den syns i historiken.")
                % {"name": membership.person.full_name},
            )
        return redirect(reverse("organisation:roster_edit", args=[self.group.slug]) + "#sammansattning")


class MembershipFormView(RosterFormView):
    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(Membership.objects.select_related("person"), pk=self.kwargs["pk"], group=self.group)

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)


class MembershipEndView(MembershipFormView):
    template_name = "organisation/membership_end.html"
    form_class = MembershipEndForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.membership}

    def get_initial(self):
        return {**super().get_initial(), "end_date": today()}

    def save(self, form) -> str:
        ended = services.membership_end(
            membership=self.membership,
            end_date=form.cleaned_data["end_date"],
            by=self.request.user,
            expected_version=form.cleaned_data["roster_version"],
        )
        return _("Uppdraget för %(person)s avslutas %(date)s.") % {
            "person": ended.person.full_name,
            "date": ended.end_date.isoformat(),
        }


class MembershipReplaceView(PersonSearchMixin, MembershipFormView):
    template_name = "organisation/membership_replace.html"
    form_class = MembershipReplaceForm

    def save(self, form) -> str:
        data = form.cleaned_data
        new = services.membership_replace(
            membership=self.membership,
            successor=form.chosen_or_new_person(),
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            by=self.request.user,
            expected_version=data["roster_version"],
        )
        return _("%(new)s efterträder %(old)s som %(role)s från %(date)s.") % {
            "new": new.person.full_name,
            "old": self.membership.person.full_name,
            "role": new.get_role_display().lower(),
            "date": new.start_date.isoformat(),
        }


class RosterHistoryView(GroupMixin, ListView):
    """Every change to the roster, newest first. Public: names and roles are public information."""

    template_name = "organisation/roster_history.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return RosterChange.objects.filter(group=self.group).select_related("actor").order_by("-version", "-pk")

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        for change in context["changes"]:
            change.diffs = roster_change_diff(change)
        # Only a change can be undone; a reminder asked for after it is no change.
        latest = next((c for c in context["changes"] if c.action != RosterChange.Action.REMINDED), None)
        undoable = latest is not None and services.import_undoable(latest, self.group)
        return {
            **context,
            "can_edit": user.has_perm(EDIT_ROSTER, self.group),
            "undoable_pk": latest.pk if undoable else None,
            "show_actor": user.has_perm(VIEW_CONTACTS, self.group),
        }


class RosterImportView(RosterFormView):
    """Upload a CSV roster, see what it would change, confirm.

    The upload step reads and reconciles the file and shows the preview; nothing is written.
    The confirm step gets the file's text back, signed and bound to the group, the user and the
    roster version previewed, and reconciles it again with the roster locked: what is written is
    what the preview showed, or the confirm is refused (a changed roster, a tampered payload)."""

    template_name = "organisation/roster_import.html"
    form_class = RosterImportForm

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.confirm(request.POST["payload"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        version = Group.objects.values_list("roster_version", flat=True).get(pk=self.group.pk)
        text, errors = rosterfiles.read(form.cleaned_data["file"].read())
        plan = rosterfiles.preview(self.group, text) if not errors else None
        if not errors and not plan.errors and plan.writes:
            plan.errors = rosterfiles.rule_errors(self.group, text)
        if errors or plan.errors:
            return self.render_to_response(self.get_context_data(form=form, row_errors=errors or plan.errors))
        payload = rosterfiles.sign(group=self.group, version=version, user=self.request.user, text=text)
        return self.render_to_response(self.get_context_data(form=form, plan=plan, payload=payload))

    def refuse(self, messages_: list[str], row_errors=None):
        form = self.get_form_class()(initial=self.get_initial())
        return self.render_to_response(self.get_context_data(form=form, refusals=messages_, row_errors=row_errors))

    def confirm(self, payload: str):
        try:
            text, version = rosterfiles.unsign(payload, group=self.group, user=self.request.user)
            result = rosterfiles.import_roster(
                group=self.group, text=text, by=self.request.user, expected_version=version
            )
        except ValidationError as exc:
            self.group.refresh_from_db()
            return self.refuse(exc.messages)
        if not result.ok:
            return self.refuse([], row_errors=result.errors)
        if result.change is None:
            messages.info(self.request, _("Ingenting ändrades: listan stämde redan med filen."))
            return redirect("organisation:roster_edit", slug=self.group.slug)
        messages.success(
            self.request,
            _("Importen är klar: %(added)s uppdrag tillagda, %(ended)s avslutade. Du kan ångra importen här.")
            % {"added": result.created, "ended": result.ended},
        )
        return redirect("organisation:roster_history", slug=self.group.slug)


class RosterImportUndoView(RosterEditMixin, View):
    """Undo the roster's latest import, as one more change in the history."""

    def post(self, request, slug, version):
        change = get_object_or_404(RosterChange, group=self.group, version=version)
        try:
            services.roster_import_undo(change, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Importen är ångrad."))
        return redirect("organisation:roster_history", slug=self.group.slug)


class RosterExportView(GroupMixin, View):
    """The current roster (or as of ?per=) as CSV or XLSX; e-mail addresses only for those who may
    see them."""

    formats = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, slug, fmt="csv"):
        on = RosterDateForm(request.GET or None).on(default=today())
        memberships = list(current_memberships(self.group, on=on))
        with_contacts = request.user.has_perm(VIEW_CONTACTS, self.group)
        if fmt == "xlsx":
            body = rosterfiles.export_xlsx(memberships, with_contacts=with_contacts, title=self.group.name)
        else:
            body = rosterfiles.export_csv(memberships, with_contacts=with_contacts)
        response = HttpResponse(body, content_type=self.formats[fmt])
        response["Content-Disposition"] = content_disposition_header(
            True, f"ledamoter-{self.group.slug}-{on:%Y-%m-%d}.{fmt}"
        )
        return response


class RosterPdfView(GroupMixin, View):
    """Ledamotsförteckning: public information only (names, roles, what each represents)."""

    def get(self, request, slug):
        on = RosterDateForm(request.GET or None).on(default=today())
        context = {
            "group": self.group,
            "roster": roster_by_role(list(current_memberships(self.group, on=on))),
            "current_hostings": list(
                Hosting.objects.filter(active_on(on), group=self.group).select_related(
                    "healthcare_region", "organisation"
                )
            ),
            "roster_date": on,
            "printed_on": today(),
        }
        response = HttpResponse(
            render_pdf("organisation/roster_pdf.html", context, request), content_type="application/pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            False, f"ledamotsforteckning-{self.group.slug}-{on:%Y-%m-%d}.pdf"
        )
        return response
