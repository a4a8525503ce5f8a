"""Recording a change of host (värdskap). The old hosting is ended, never overwritten."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .. import services
from ..forms import HostingTransferForm
from ..models import Hosting
from ..permissions import CHANGE_HOSTING
from .roster import GroupMixin, add_service_errors


class HostingTransferView(GroupMixin, FormView):
    template_name = "organisation/hosting_transfer.html"
    form_class = HostingTransferForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(CHANGE_HOSTING, self.group):
            raise PermissionDenied(_("Bara den nationella stödfunktionen registrerar byte av värdskap."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group}

    def get_context_data(self, **kwargs):
        hostings = Hosting.objects.filter(group=self.group).select_related("healthcare_region", "organisation")
        return super().get_context_data(hostings=hostings.order_by("kind", "-start_date"), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            hosting = services.hosting_transfer(
                group=self.group,
                host=data["host"],
                start_date=data["start_date"],
                kind=data["kind"],
                source=data.get("source", ""),
                by=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(host)s har %(kind)s för %(group)s från %(date)s.")
            % {
                "host": hosting.host,
                "kind": hosting.get_kind_display().lower(),
                "group": self.group,
                "date": hosting.start_date.isoformat(),
            },
        )
        return redirect(self.group.get_absolute_url())
