"""Pages of accounts: Mitt konto (sessions, registerutdrag, second factor), invitations, password
reset, pseudonymisation, and the public pages every Swedish public-sector site must have."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from kunskapsstyrning.clientip import client_ip
from kunskapsstyrning.organisation.models import Group, Person
from kunskapsstyrning.pdf import render_pdf

from . import accessibility, personal_data, services
from .forms import ReasonForm, SetPasswordForm, TokenForm
from .models import Pseudonymisation
from .permissions import INVITE, INVITE_BULK, PSEUDONYMISE

INVITATION_SESSION_KEY = "_invitation_token"


# --- Public pages -------------------------------------------------------------------------------


class AccessibilityView(TemplateView):
    template_name = "pages/tillganglighet.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            checks=accessibility.CHECKS,
            gaps=accessibility.KNOWN_GAPS,
            pages=accessibility.TESTED_PAGES,
            assessed_on=accessibility.ASSESSED_ON,
            **kwargs,
        )


class PrivacyView(TemplateView):
    template_name = "pages/personuppgifter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_years=settings.PSEUDONYMISATION_RETENTION_DAYS // 365,
            invitation_days=settings.INVITATION_VALID_DAYS,
            **kwargs,
        )


class CookiesView(TemplateView):
    template_name = "pages/kakor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(session_hours=settings.SESSION_COOKIE_AGE // 3600, **kwargs)


# --- Mitt konto ---------------------------------------------------------------------------------


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/account.html"
    #: The sessions listed end by expiring too, which no write records.
    page_cache_exempt = True

    def get_context_data(self, **kwargs):
        from django_otp import devices_for_user

        user = self.request.user
        return super().get_context_data(
            person=getattr(user, "person", None),
            sessions=list(services.active_sessions(user)),
            current_key=self.request.session.session_key,
            has_totp=any(devices_for_user(user, confirmed=True)),
            has_password=user.has_usable_password(),
            **kwargs,
        )


class LogOutEverywhereView(LoginRequiredMixin, View):
    def post(self, request):
        services.sessions_end_all(user=request.user)
        logout(request)
        messages.success(request, _("Du är utloggad från alla dina inloggningar."))
        return redirect("login")


class PersonalDataView(LoginRequiredMixin, View):
    """The registerutdrag as JSON or PDF: the signed-in person's own data and nothing else."""

    fmt = "json"

    def get(self, request):
        person = getattr(request.user, "person", None)
        if person is None:
            raise Http404(_("Ditt konto är inte kopplat till någon person."))
        sections = personal_data.collect(person)
        stamp = timezone.localdate().isoformat()
        if self.fmt == "pdf":
            body = render_pdf(
                "accounts/registerutdrag_pdf.html",
                {"person": person, "sections": personal_data.printable(sections), "created": timezone.localtime()},
            )
            response = HttpResponse(body, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.pdf"'
        else:
            response = HttpResponse(personal_data.as_json(person, sections), content_type="application/json")
            response["Content-Disposition"] = f'attachment; filename="registerutdrag-{stamp}.json"'
        response["Cache-Control"] = "no-store"
        return response


# --- Invitations --------------------------------------------------------------------------------


def invitation_link(request, token):
    """The link in the e-mail: keep the token in the session and move to an address without it,
    so it does not leak through the Referer header or the browser history (as Django's password
    reset does)."""
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation_accept")


class InvitationAcceptView(FormView):
    template_name = "accounts/invitation_accept.html"
    form_class = SetPasswordForm

    def dispatch(self, request, *args, **kwargs):
        self.token = request.session.get(INVITATION_SESSION_KEY, "")
        self.invitation = services.invitation_for_token(self.token)
        if self.invitation is None:
            return render(request, "accounts/invitation_invalid.html", status=410)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.invitation.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.invitation.person, **kwargs)

    def form_valid(self, form):
        try:
            user = services.invitation_accept(token=self.token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        self.request.session.pop(INVITATION_SESSION_KEY, None)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Välkommen! Ditt konto är klart."))
        return redirect(resolve_url(settings.INVITATION_LANDING_URL))


class GroupInvitationsView(LoginRequiredMixin, TemplateView):
    """Members of a group (and of the groups it appointed, for its leaders) without an account:
    who has been invited, when, and whether the link is still valid; resend per person."""

    template_name = "accounts/group_invitations.html"

    def dispatch(self, request, *args, **kwargs):
        self.group = get_object_or_404(Group, slug=kwargs["slug"])
        if not request.user.has_perm(INVITE, self.group):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group,
            people=services.people_without_account([self.group.pk]),
            now=timezone.now(),
            can_bulk=self.request.user.has_perm(INVITE_BULK),
            **kwargs,
        )

    def post(self, request, slug):
        if request.POST.get("action") == "all":
            if not request.user.has_perm(INVITE_BULK):
                raise PermissionDenied
            # invitation_create skips whoever has an open invitation and renews expired ones.
            created = services.invitations_bulk_create(
                people=services.people_without_account([self.group.pk]), by=request.user
            )
            messages.success(request, _("%(count)s inbjudningar skickas.") % {"count": len(created)})
            return redirect("accounts:group_invitations", slug)
        person = get_object_or_404(
            Person.objects.filter(pk__in=[p.pk for p in services.people_without_account([self.group.pk])]),
            pk=request.POST.get("person"),
        )
        services.invitation_resend(person=person, by=request.user)
        messages.success(request, _("En ny inbjudan skickas till %(name)s.") % {"name": person.full_name})
        return redirect("accounts:group_invitations", slug)


# --- Password reset (throttled) -----------------------------------------------------------------


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not services.password_reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            return render(
                self.request,
                "accounts/password_reset_throttled.html",
                {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES},
                status=429,
            )
        return super().form_valid(form)


# --- Second factor (TOTP) -----------------------------------------------------------------------


class OtpSetupView(LoginRequiredMixin, FormView):
    """Add a TOTP device: scan the QR code (or type the key), confirm with one code."""

    template_name = "accounts/otp_setup.html"
    form_class = TokenForm
    page_cache_exempt = True  # a secret key: not to be kept anywhere

    def device(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name="app", confirmed=False)

    def get_context_data(self, **kwargs):
        import segno

        device = self.device()
        qr = segno.make(device.config_url, micro=False)
        return super().get_context_data(
            qr_svg=qr.svg_inline(scale=4, title=_("QR-kod för autentiseringsappen")),
            secret=base64.b32encode(device.bin_key).decode(),
            **kwargs,
        )

    def form_valid(self, form):
        from django_otp import login as otp_login

        device = self.device()
        if not device.verify_token(form.cleaned_data["otp_token"]):
            form.add_error("otp_token", _("Koden stämmer inte. Försök igen med en ny kod."))
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        messages.success(self.request, _("Tvåstegsverifieringen är på."))
        return redirect(self.request.GET.get("next") or reverse("accounts:account"))


class OtpVerifyView(LoginRequiredMixin, FormView):
    template_name = "accounts/otp_verify.html"
    form_class = TokenForm
    page_cache_exempt = True

    def form_valid(self, form):
        from django_otp import devices_for_user
        from django_otp import login as otp_login

        for device in devices_for_user(self.request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["otp_token"]):
                otp_login(self.request, device)
                target = self.request.GET.get("next", "")
                from django.utils.http import url_has_allowed_host_and_scheme

                if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
                    target = resolve_url(settings.LOGIN_REDIRECT_URL)
                return redirect(target)
        form.add_error("otp_token", _("Koden stämmer inte. Försök igen med en ny kod."))
        return self.form_invalid(form)


# --- Pseudonymisation ---------------------------------------------------------------------------


class PseudonymiseView(LoginRequiredMixin, FormView):
    """Support staff: pseudonymise one person who left every group longer ago than the retention."""

    template_name = "accounts/pseudonymise.html"
    form_class = ReasonForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PSEUDONYMISE):
            raise PermissionDenied
        self.person = get_object_or_404(Person, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            allowed_from=services.pseudonymisable_from(self.person),
            done=Pseudonymisation.objects.filter(person=self.person).first(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.person_pseudonymise(person=self.person, reason=form.cleaned_data["reason"], by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Personen är pseudonymiserad."))
        return redirect("accounts:pseudonymise", self.person.pk)


class LoginView(auth_views.LoginView):
    """Django's password log-in, with a link to the organisation's sign-in when one is set up."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.OIDC_RP_CLIENT_ID:
            context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        return context
