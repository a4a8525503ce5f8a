"""How a content type plugs into the consultation engine.

A round consults any model instance (a version of a recommendation, a version of a
vårdförlopp …). The app that owns the model registers it at start-up, in its AppConfig.ready():

    from nkk.consultations.registry import consultation_subjects
    consultation_subjects.register(RecommendationVersion, title=lambda v: f"{v.recommendation} v{v.number}")

`title` and `url` default to str(obj) and obj.get_absolute_url(). Unregistered models still work
(the defaults apply), but only registered ones are offered where staff pick a subject (admin).
The engine never imports the apps that register: they sit above it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

__all__ = ("SubjectType", "consultation_subjects", "subject_title", "subject_url")


def _default_title(obj: Any) -> str:
    return str(obj)


def _default_url(obj: Any) -> str:
    get = getattr(obj, "get_absolute_url", None)
    return get() if callable(get) else ""


@dataclass(frozen=True)
class SubjectType:
    model: type
    title: Callable[[Any], str] = _default_title
    url: Callable[[Any], str] = _default_url
    label: str = ""  # what the content type is called, e.g. "Rekommendation"


class SubjectRegistry:
    def __init__(self) -> None:
        self._types: dict[str, SubjectType] = {}

    @staticmethod
    def _key(model: type) -> str:
        return model._meta.label_lower

    def register(self, model: type, *, title=None, url=None, label: str = "") -> SubjectType:
        entry = SubjectType(
            model=model,
            title=title or _default_title,
            url=url or _default_url,
            label=label or str(model._meta.verbose_name),
        )
        self._types[self._key(model)] = entry
        return entry

    def unregister(self, model: type) -> None:
        self._types.pop(self._key(model), None)

    def get(self, model: type) -> SubjectType:
        return self._types.get(self._key(model)) or SubjectType(model=model, label=str(model._meta.verbose_name))

    def is_registered(self, model: type) -> bool:
        return self._key(model) in self._types

    def content_type_ids(self) -> list[int]:
        """The content types staff may choose as a round's subject."""
        return [ContentType.objects.get_for_model(t.model).pk for t in self._types.values()]


consultation_subjects = SubjectRegistry()


def subject_title(obj: Any) -> str:
    if obj is None:
        return ""
    return consultation_subjects.get(type(obj)).title(obj)


def subject_url(obj: Any) -> str:
    if obj is None:
        return ""
    return consultation_subjects.get(type(obj)).url(obj)
