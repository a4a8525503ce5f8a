"""Pages of revision campaigns: the support function's list and form, and the progress page.

The progress page is public: it shows aggregate counts of published recommendations only (what
the 2019 newsletter printed: "377 kunskapsstöd, 295 kvar att revidera"), no drafts and no people.
A logged-in member additionally sees their own groups' recommendations still to revise, which is
where the campaign reminder links to."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from kunskapsstyrning.organisation.models.periods import today

from . import campaign_selectors as selectors
from . import campaign_services as services
from .campaign_forms import CampaignForm
from .models import Campaign
from .permissions import MANAGE_CAMPAIGNS

CHART_WIDTH = 360  # the bar area of the SVG, in user units
BAR_X = 200  # where the bars start (labels to the left)
ROW_HEIGHT = 34


def bar_chart(rows) -> dict:
    """A stacked bar per row (revised, then remaining), on one scale for all rows, with the
    numbers written beside each bar so that nothing is told by colour alone."""
    top = max((row.total for row in rows), default=0) or 1
    bars = []
    for i, row in enumerate(rows):
        revised_width = round(CHART_WIDTH * row.revised / top)
        remaining_width = round(CHART_WIDTH * row.remaining / top)
        bars.append(
            {
                "row": row,
                "y": 8 + i * ROW_HEIGHT,
                "text_y": 8 + i * ROW_HEIGHT + 16,
                "revised_width": revised_width,
                "remaining_x": BAR_X + revised_width,
                "remaining_width": remaining_width,
                "value_x": BAR_X + revised_width + remaining_width + 8,
            }
        )
    height = 16 + ROW_HEIGHT * len(rows)
    return {
        "bars": bars,
        "bar_x": BAR_X,
        "label_x": BAR_X - 8,
        "height": height,
        "legend_y": height + 4,
        "legend_text_y": height + 16,
        "legend_second_x": BAR_X + 130,
        "legend_second_text_x": BAR_X + 150,
        "total_height": height + 28,
        "total_width": BAR_X + CHART_WIDTH + 190,
    }


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(exc))


class CampaignStaffMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(MANAGE_CAMPAIGNS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CampaignListView(CampaignStaffMixin, View):
    """The support function's campaigns, each with its counts: one query for any number."""

    def get(self, request):
        on = today()
        campaigns = list(selectors.campaigns_with_counts())
        return TemplateResponse(request, "nkk/campaigns/list.html", {"campaigns": campaigns, "on": on})


class CampaignFormView(CampaignStaffMixin, View):
    """A new campaign (no pk) or a change to one."""

    template_name = "nkk/campaigns/form.html"

    def campaign(self, pk):
        if pk is None:
            return None
        campaign = selectors.campaign_with_scope(pk)
        if campaign is None:
            raise Http404(_("Kampanjen finns inte."))
        return campaign

    def render(self, form, campaign, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form, "campaign": campaign}, status=status)

    def get(self, request, pk=None):
        campaign = self.campaign(pk)
        form = CampaignForm(initial=CampaignForm.initial_from(campaign)) if campaign else CampaignForm()
        return self.render(form, campaign)

    def post(self, request, pk=None):
        campaign = self.campaign(pk)
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                if campaign is None:
                    campaign = services.campaign_create(by=request.user, **form.service_kwargs())
                    messages.success(request, _("Kampanjen är skapad."))
                else:
                    campaign = services.campaign_update(campaign=campaign, by=request.user, **form.service_kwargs())
                    messages.success(request, _("Kampanjen är ändrad."))
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect(campaign.get_absolute_url())
        return self.render(form, campaign, status=400)


class CampaignProgressView(View):
    """How far a campaign has come, by sjukvårdsregion and by ämnesområde: a chart and a table
    with the same figures, counted by the worker after each change (the page says when). Public;
    four queries, five to six for a logged-in member."""

    def get(self, request, pk):
        campaign = selectors.campaign_with_scope(pk)
        if campaign is None:
            raise Http404(_("Kampanjen finns inte."))
        progress, aggregate = selectors.stored_progress(campaign)
        context = {
            "campaign": campaign,
            "progress": progress,
            "aggregate": aggregate,
            "region_chart": bar_chart(progress.by_region),
            "area_chart": bar_chart(progress.by_area),
            "mine": selectors.remaining_for(request.user, campaign),
            "can_manage": request.user.has_perm(MANAGE_CAMPAIGNS),
            "target_population_labels": [
                label
                for value, label in Campaign._meta.get_field("target_populations").base_field.choices
                if value in campaign.target_populations
            ],
        }
        return TemplateResponse(request, "nkk/campaigns/progress.html", context)
