"""The unread-notice count in the header: one COUNT on a partial index, and only when a page
actually shows it (lazy), so pages without the header pay nothing."""

from django.utils.functional import SimpleLazyObject


def unread_notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from .models import Notice

        return Notice.objects.filter(person__user_id=user.pk, read_at__isnull=True).count()

    return {"unread_notice_count": SimpleLazyObject(count)}
