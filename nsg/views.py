from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.views.mirrors import MirrorMatrixView

from .models import CollaborationGroup


class CollaborationGroupListView(MirrorMatrixView):
    """The collaboration groups with host and leaders, and which sjukvårdsregioner have an RSG for each."""

    model = CollaborationGroup
    title = _("Nationella samverkansgrupper")
    intro = _(
        "De nationella samverkansgrupperna (NSG) med värd, ordförande och processledare, och om varje "
        "sjukvårdsregion har en regional samverkansgrupp (RSG) som speglar dem."
    )
    mirror_label = _("RSG")
