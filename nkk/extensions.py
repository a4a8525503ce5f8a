"""What NKK adds to the structure's pages through its registry: the recommendations on a working
group's (and its steering NPO's) page, the versions waiting for the person on Mina uppdrag, and
the demo recommendations."""

import datetime

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.permissions import is_support_staff
from kunskapsstyrning.organisation.registry import Panel, registry

from . import selectors
from .permissions import roles_by_group


def _group_panel(request, group, on: datetime.date) -> dict | None:
    # Only the kinds that own or steer recommendations: other group pages run no extra query.
    if group.kind not in (GroupKind.NAG, GroupKind.NPO):
        return None
    recommendations = selectors.group_recommendations(group)
    if not recommendations:
        return None
    user = request.user
    sees_work = user.is_authenticated and (is_support_staff(user) or group.pk in roles_by_group(user))
    return {"recommendations": recommendations, "sees_work": sees_work}


def _personal_panel(request, person) -> dict | None:
    work = selectors.work_for(request.user)
    support = is_support_staff(request.user)
    if not work and not support:
        return None
    return {"work": work, "is_support": support}


def load_demo() -> None:
    from .demo import load_demo_recommendations

    load_demo_recommendations()


registry.add_group_panel(Panel(template_name="nkk/_group_panel.html", context=_group_panel, order=30))
registry.add_personal_panel(Panel(template_name="nkk/_personal_panel.html", context=_personal_panel, order=10))
registry.demo_loaders.append(load_demo)


def load_demo_supplements() -> None:
    from .demo import load_demo_supplements as load

    load()


registry.demo_loaders.append(load_demo_supplements)


def load_demo_campaign() -> None:
    from .demo import load_demo_campaign

    load_demo_campaign()


registry.demo_loaders.append(load_demo_campaign)
