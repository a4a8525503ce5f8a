"""NKK's deadline in the reminder engine (notices): a recommendation's revision deadline,
reminded to the owning working group's chair and process leader, asked again at sending time."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.organisation.choices import Role

from .choices import RecommendationStatus
from .models import Recommendation


class RevisionDeadline(kinds.DeadlineKind):
    name = "revision_senast"
    label = gettext_lazy("Rekommendation att revidera")
    default_lead_days = (90, 30, 7)
    date_field = "revision_deadline"
    group_field = "owning_group"
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def queryset(self):
        return Recommendation.objects.filter(status=RecommendationStatus.ACTIVE)

    def title(self, obj, due):
        return _("%(title)s ska revideras senast %(date)s") % {"title": obj.title, "date": due.deadline.isoformat()}


kinds.register(RevisionDeadline())
