"""Side-by-side comparison of two versions, with the changes marked.

difflib works on the Markdown source, line by line and then word by word within a changed line.
Every piece of text is escaped (django.utils.html.escape) before it is wrapped in <del> or
<ins>, so the comparison can never inject markup, whatever a draft contains.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Row:
    left: SafeString
    right: SafeString
    changed: bool


@dataclass(frozen=True)
class SectionDiff:
    heading: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)


def _words(old: str, new: str) -> tuple[str, str]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def diff_text(old: str, new: str) -> list[Row]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(Row(mark_safe(escape(line)), mark_safe(escape(line)), False) for line in a[i1:i2])  # noqa: S308
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            if o is not None and n is not None:
                left, right = _words(o, n)
            else:
                left = f"<del>{escape(o)}</del>" if o else ""
                right = f"<ins>{escape(n)}</ins>" if n else ""
            rows.append(Row(mark_safe(left), mark_safe(right), True))  # noqa: S308  (escaped above)
    return rows


def diff_versions(old, new, section_labels: dict[str, str]) -> list[SectionDiff]:
    """Per section kind (in display order), the rows of old against new; titles first."""
    result = [SectionDiff(str(section_labels.get("__title__", "Titel")), diff_text(old.title, new.title))]
    old_sections = {s.kind: s.body_markdown for s in old.sections.all()}
    new_sections = {s.kind: s.body_markdown for s in new.sections.all()}
    for kind, label in section_labels.items():
        if kind == "__title__" or (kind not in old_sections and kind not in new_sections):
            continue
        result.append(SectionDiff(str(label), diff_text(old_sections.get(kind, ""), new_sections.get(kind, ""))))
    return result
