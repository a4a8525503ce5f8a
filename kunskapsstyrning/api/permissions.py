"""The API's permission: deny unless the view names a rule, and ask the same `rules` as the pages.

A view says what a read needs and what a write needs:

- `public_read = True`: anyone may read (the structure is public; serializers still decide
  contact data per reader). Never writes.
- `view_perm`: the rule a read needs, asked of each object (`user.has_perm(view_perm, obj)`);
  `LOGGED_IN` for "any logged-in user" (the list is then scoped to the user by the view).
- `change_perm`: the rule a write needs, asked of the object written (or of its group, by the
  view, before an object exists).

Without these the answer is no. A token with the "read" scope never writes, whatever its
owner may do on the pages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken

#: A read rule meaning "any logged-in user"; the view scopes the rows to the user.
LOGGED_IN = "api.logged_in"


def token_may_write(request) -> bool:
    token = request.auth
    return not isinstance(token, ApiToken) or token.can_write


class RulesPermission(BasePermission):
    message = _("Du har inte behörighet att göra detta.")

    def _perm(self, request, view) -> str | None:
        return getattr(view, "view_perm" if request.method in SAFE_METHODS else "change_perm", None)

    def has_permission(self, request, view) -> bool:
        if request.method not in view.allowed_methods:
            return True  # the view answers 405 Method Not Allowed
        if request.method in SAFE_METHODS:
            if getattr(view, "public_read", False):
                return True
            return self._perm(request, view) is not None and request.user.is_authenticated
        if not token_may_write(request):
            self.message = _("Nyckeln får bara läsa. Skapa en nyckel med behörigheten läsa och skriva.")
            self.code = "token_read_only"
            return False
        # The object rule decides later; here only "is there a rule, and is anyone logged in".
        return self._perm(request, view) is not None and request.user.is_authenticated

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS and getattr(view, "public_read", False):
            return True
        perm = self._perm(request, view)
        if perm == LOGGED_IN:
            return request.user.is_authenticated
        return perm is not None and request.user.has_perm(perm, obj)
