"""Precomputed aggregates: the result of an expensive read, stored so that a page reads one row.

See organisation/aggregates.py for the mechanism (kinds, requests, recomputation). The rows are
derived data, recomputed from the live tables at any time, so they keep no history.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ("Aggregate",)


class Aggregate(models.Model):
    """One kind of aggregate (the composition overview, the campaigns' progress …) for one key,
    with when it was computed and from what.

    `as_of` is the database time at which the computation's snapshot of the data was taken:
    everything committed before it is counted. `requested_at` is the latest write that asked for a
    recomputation; while it is later than `as_of` a recomputation is due (or under way), and no
    further one is enqueued (`enqueued_at` says when the last one was)."""

    kind = models.CharField(_("slag"), max_length=80)
    key = models.CharField(_("nyckel"), max_length=80, blank=True, default="")
    payload = models.JSONField(_("innehåll"), default=dict, encoder=DjangoJSONEncoder)
    inputs = models.JSONField(_("underlag"), default=dict, encoder=DjangoJSONEncoder)
    as_of = models.DateTimeField(_("data per"), null=True, blank=True)
    computed_at = models.DateTimeField(_("beräknad"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("beräkningstid (ms)"), default=0)
    requested_at = models.DateTimeField(_("begärd"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("köad"), null=True, blank=True)

    class Meta:
        verbose_name = _("förberäknad sammanställning")
        verbose_name_plural = _("förberäknade sammanställningar")
        ordering = ("kind", "key")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "key"),
                name="%(app_label)s_%(class)s_unique_kind_key",
                violation_error_message=_("Det finns redan en sammanställning av det slaget med den nyckeln."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}".strip()

    @property
    def is_pending(self) -> bool:
        """A write since the data this was computed from: a recomputation is due or under way."""
        return self.requested_at is not None and (self.as_of is None or self.requested_at > self.as_of)
