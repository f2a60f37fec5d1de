"""What the occupation and industry pickers share: nodes of a classification, the resolution of the
submitted values to one code, and the options of the two-level selects (rendered in Python).

A picker reads only the nodes it needs: the submitted codes, their groups and the quick choices
(one small query). The full lists (all groups, a group's details) are read when they are shown:
in the on-demand lists of the search page (``views.filter_list``), not on every search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

MATCH_LIMIT = 8
CODE_SHAPE = re.compile(r"^[A-Za-z]?\d{0,6}$")


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    level: int
    parent: str  # parent's code ("" at the top)
    parent_name: str = ""


@dataclass(frozen=True)
class QuickChoice:
    code: str
    label: str
    title: str  # the classification's own name
    pressed: bool


@dataclass(frozen=True)
class Match:
    code: str
    name: str
    context: str  # the parent's name or an example job title


Choices = list[tuple[str, str] | tuple[str, list[tuple[str, str]]]]


def clean_name(name: str) -> str:
    """'제 조 업(10~34)' → '제조업'; KSIC spells short section names with spaces and a range."""
    name = re.sub(r"\s*\(\d{2}(~\d{2})?\)$", "", name).strip()
    parts = name.split()
    if len(parts) > 1 and all(len(p) == 1 for p in parts):
        return "".join(parts)
    return name


def render_options(choices: Choices, value: str) -> SafeString:
    """``<option>``s (with ``<optgroup>``s) in Python: hundreds of options, no per-option template."""

    def options(items):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if v == value else "", label) for v, label in items),
        )

    parts = []
    for key, item in choices:
        if isinstance(item, list):
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', key, options(item)))
        else:
            parts.append(options([(key, item)]))
    return SafeString("".join(parts))


class Picker:
    """What the two pickers share; subclasses say how their classification is shaped."""

    kind = ""
    field_label: Promise | str = ""
    quick: tuple[tuple[str, Promise], ...] = ()
    unknown_message: Promise | str = ""
    unknown_group_message: Promise | str = ""

    def __init__(self, *codes: str) -> None:
        self.nodes: dict[str, Node] = {}
        self._children: list[Node] | None = None  # the group's details, read when shown
        self._groups_loaded = False
        self.code = ""  # the effective filter value (a group's code when only the group is chosen)
        self.group = ""
        codes = tuple(c.strip() for c in codes if CODE_SHAPE.match(c.strip()))  # others are refused later
        self._load(sorted(set(codes) | {code for code, _label in self.quick}))

    @property
    def children(self) -> list[Node]:
        """The chosen group's details (read from the database the first time they are asked for)."""
        if self._children is None:
            self._children = self._load_children(self.group) if self.group else []
        return self._children

    def _ensure_groups(self) -> None:
        """Every group (and what they sit under), for the group select."""
        if not self._groups_loaded:
            for node in self._load_groups():
                self.nodes.setdefault(node.code, node)
            self._groups_loaded = True

    # --- shape of the classification (per kind) -------------------------------------------

    @staticmethod
    def _rows(qs) -> list[Node]:
        return [
            Node(code, name, level, parent or "", parent_name or "")
            for code, name, level, parent, parent_name in qs.values_list(
                "code", "name", "level", "parent__code", "parent__name"
            )
        ]

    def _load(self, codes: list[str]) -> None:
        raise NotImplementedError

    def _load_children(self, group: str) -> list[Node]:
        raise NotImplementedError

    def _load_groups(self) -> list[Node]:
        raise NotImplementedError

    def group_of(self, code: str) -> str:
        raise NotImplementedError

    def groups(self) -> Choices:
        raise NotImplementedError

    def normalise(self, value: str) -> str:
        return value.strip()

    # --- resolution -----------------------------------------------------------------------

    def known(self, code: str) -> bool:
        return code in self.nodes

    def is_group(self, code: str) -> bool:
        return bool(code) and self.group_of(code) == code

    def resolve(self, *, group: str, detail: str, pick: str | None) -> dict[str, str]:
        """Settle the effective code from the submitted values; returns field errors.

        A pick (quick choice or name-search match) wins; otherwise the detail select when it
        belongs to the chosen group (else the group was changed and its detail is stale)."""
        errors: dict[str, str] = {}
        if group and not (self.known(group) and self.is_group(group)):
            errors[f"{self.kind}_group"] = str(self.unknown_group_message)
            group = ""
        for value in (pick, detail):
            if value and not self.known(value):
                errors[self.kind] = str(self.unknown_message)
        if errors:
            self.group, self._children = group, None
            return errors
        if pick is not None:  # an empty pick (a pressed quick choice pressed again) clears
            code, group = pick, self.group_of(pick) if pick else ""
        elif detail and (not group or self.group_of(detail) == group):
            code, group = detail, self.group_of(detail)
        else:
            code = group
        self.code, self.group, self._children = code, group, None
        return {}

    # --- what the page shows -----------------------------------------------------------------

    def label(self, code: str | None = None) -> str:
        node = self.nodes.get(self.code if code is None else code)
        return clean_name(node.name) if node else ""

    @property
    def detail_value(self) -> str:
        """The detail select's value: empty when the whole group is chosen."""
        return "" if self.code == self.group else self.code

    def details(self) -> Choices:
        if not self.group:
            choices: Choices = [("", _("먼저 분야를 고르세요"))]
            if self.code:  # a top-level code from a link (KECO 대분류 "8")
                choices.append((self.code, self.label()))
            return choices
        choices = [("", _("%(group)s 전체") % {"group": self.label(self.group)})]
        section: list[tuple[str, str]] | None = None
        for node in self.children:
            if node.level == self.section_level:
                section = [(node.code, _("%(name)s 전체") % {"name": clean_name(node.name)})]
                choices.append((clean_name(node.name), section))
            elif section is not None and node.code.startswith(section[0][0]):
                section.append((node.code, clean_name(node.name)))
            else:
                choices.append((node.code, clean_name(node.name)))
        if self.code and self.code != self.group and not any(self._has(c, self.code) for c in choices):
            choices.insert(1, (self.code, self.label()))  # a deeper code from a link or a quick choice
        return choices

    section_level = 0

    @staticmethod
    def _has(choice, code: str) -> bool:
        key, item = choice
        return any(v == code for v, _label in item) if isinstance(item, list) else key == code

    def quick_choices(self) -> list[QuickChoice]:
        return [
            QuickChoice(code, str(label), self.label(code), code == self.code)
            for code, label in self.quick
            if code in self.nodes
        ]

    def render_groups(self) -> SafeString:
        self._ensure_groups()
        return render_options(self.groups(), self.group)

    def render_details(self) -> SafeString:
        return render_options(self.details(), self.detail_value)

    def matches(self, q: str) -> list[Match]:
        raise NotImplementedError

    def match_context(self, q: str) -> dict:
        """What ``_picker_matches.html`` shows for a name search (nothing for an empty one)."""
        q = " ".join("".join(ch for ch in q if ch.isprintable()).split())[:30]  # no NUL for PostgreSQL
        matches = self.matches(q) if q else []
        if not q:
            status = ""
        elif matches:
            status = self.found_message(q, len(matches))
        else:
            status = self.none_message % {"q": q}
        return {"kind": self.kind, "q": q, "matches": matches, "status": status}

    none_message: Promise | str = ""

    def found_message(self, q: str, n: int) -> str:
        raise NotImplementedError
