"""DRF permission that asks the same `rules` as the pages and the admin.

A view names the permission a read needs (`view_perm`) and the one a write needs
(`change_perm`). Without them it allows nothing: the project's default is to deny, and public
read endpoints say so explicitly with `AllowAny`.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RulesPermission(BasePermission):
    def _perm(self, request, view) -> str | None:
        return getattr(view, "view_perm" if request.method in SAFE_METHODS else "change_perm", None)

    def has_permission(self, request, view) -> bool:
        # The object rule decides later; here only "is there a rule, and is anyone logged in".
        return self._perm(request, view) is not None and request.user.is_authenticated

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self._perm(request, view)
        return perm is not None and request.user.has_perm(perm, obj)
