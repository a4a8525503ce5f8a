from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.views.mirrors import MirrorMatrixView

from .models import ProgramArea


class ProgramAreaListView(MirrorMatrixView):
    """The program areas with host and leaders, and which sjukvårdsregioner have an RPO for each."""

    model = ProgramArea
    title = _("Nationella programområden")
    intro = _(
        "De nationella programområdena (NPO) med värd, ordförande och processledare, och om varje "
        "sjukvårdsregion har ett regionalt programområde (RPO) som speglar dem."
    )
    mirror_label = _("RPO")
