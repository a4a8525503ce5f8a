from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The page cache: what anonymous visitors see, invalidated exactly by the database."""

    name = "kunskapsstyrning.pagecache"
    label = "pagecache"
    verbose_name = _("Sidcache")

    def ready(self) -> None:
        from .triggers import install_after_migrate

        # Once per migrate (and per flush): every table present then gets its trigger.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="pagecache-triggers")
