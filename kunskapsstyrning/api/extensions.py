"""The API's section of Mina uppdrag (links to one's tokens and the documentation), through the
structure's registry. No query: the page's query count stays what it was."""

from kunskapsstyrning.organisation.registry import Panel, registry


def _api_panel(request, person) -> dict:
    return {}


registry.add_personal_panel(Panel(template_name="api/_personal_panel.html", context=_api_panel, order=30))
