"""Template context for the site-wide navigation."""

from .permissions import is_support_staff


def roles(request):
    return {"is_support_staff": is_support_staff(request.user) if hasattr(request, "user") else False}
