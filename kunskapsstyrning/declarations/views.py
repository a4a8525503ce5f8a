"""Declarations of interest: a member files theirs; leaders and support staff read them."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today

from . import services
from .choices import DeclarationForm as DeclarationKind
from .forms import DeclarationForm
from .models import InterestDeclaration
from .permissions import VIEW_DECLARATION


class MyDeclarationView(LoginRequiredMixin, FormView):
    """The member's own declarations; patient representatives get their own form."""

    template_name = "declarations/my_declaration.html"
    form_class = DeclarationForm

    def dispatch(self, request, *args, **kwargs):
        self.person = getattr(request.user, "person", None) if request.user.is_authenticated else None
        if request.user.is_authenticated and self.person is None:
            raise Http404(_("Ditt konto är inte kopplat till någon person."))
        return super().dispatch(request, *args, **kwargs)

    def declaration_kind(self) -> str:
        is_patient_rep = Membership.objects.filter(
            active_on(today()), person=self.person, role=Role.PATIENT_REPRESENTATIVE
        ).exists()
        return DeclarationKind.PATIENT_REPRESENTATIVE if is_patient_rep else DeclarationKind.STANDARD

    def get_context_data(self, **kwargs):
        declarations = list(self.person.declarations.all())
        current = InterestDeclaration.objects.current(today()).filter(person=self.person).first()
        return super().get_context_data(
            declarations=declarations, current=current, kind=DeclarationKind(self.declaration_kind()), **kwargs
        )

    def form_valid(self, form):
        services.declaration_file(
            person=self.person,
            form=self.declaration_kind(),
            has_interests=form.cleaned_data["has_interests"],
            text=form.cleaned_data.get("text", ""),
        )
        messages.success(self.request, _("Din jävsdeklaration är registrerad."))
        return redirect("declarations:mine")


class DeclarationDetailView(LoginRequiredMixin, DetailView):
    template_name = "declarations/declaration_detail.html"
    context_object_name = "declaration"

    def get_object(self, queryset=None):
        declaration = get_object_or_404(InterestDeclaration.objects.select_related("person"), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(VIEW_DECLARATION, declaration):
            raise PermissionDenied(_("Du får inte läsa den här jävsdeklarationen."))
        return declaration
