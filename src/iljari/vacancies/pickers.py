"""The search page's occupation (KECO) and industry (KSIC) pickers: choose by name, not by code.

Each picker offers three plain-HTML ways to a code, so the page works without JavaScript:

* quick choices for the root industries (용접, 금형, 주조 …): submit buttons named ``<kind>_pick``;
* a two-level choice: a group select (``<kind>_group``: KECO 중분류 / KSIC 대분류) and a detail
  select named like the filter itself (``occupation`` / ``industry``) listing the group's
  소분류/세분류 (KECO) or 중분류/소분류 (KSIC), each level reachable;
* a name search (``<kind>_q``) whose matches are again ``<kind>_pick`` buttons (job-dictionary
  titles lead to their occupation: "지게차" → 지게차 운전원).

htmx only refreshes the detail options when the group changes and shows the matches while the
visitor types. The query string keeps the codes (``occupation=8241``, ``industry=24`` or the
section-prefixed ``C24``) so links and ``/api/vacancies`` stay compatible.

Each picker reads what it needs in one query (groups + the codes in the request + the quick
choices), plus one for the chosen group's list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Min, Q
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from iljari.taxonomy.models import Industry, JobTitle, Occupation

MATCH_LIMIT = 8
CODE_SHAPE = re.compile(r"^[A-Za-z]?\d{0,6}$")

# Root-industry quick choices: (KECO code prefix, plain word). The prefixes are the narrowest
# that hold the jobs (824 = 용접원 + 용접기 조작원; 823 = 단조원 + 주조원 and their machine operators).
OCCUPATION_QUICK: tuple[tuple[str, Promise], ...] = (
    ("824", gettext_lazy("용접")),
    ("8131", gettext_lazy("금형")),
    ("823", gettext_lazy("주조·단조")),
    ("825", gettext_lazy("도금·도장")),
    ("821", gettext_lazy("열처리·압연")),
    ("822", gettext_lazy("판금·제관")),
    ("8132", gettext_lazy("프레스·CNC")),
)
# Root-industry sectors as KSIC 11 prefixes.
INDUSTRY_QUICK: tuple[tuple[str, Promise], ...] = (
    ("243", gettext_lazy("주조")),
    ("29293", gettext_lazy("금형")),
    ("251", gettext_lazy("용접·구조물")),
    ("2591", gettext_lazy("소성가공(단조·압형)")),
    ("25921", gettext_lazy("열처리")),
    ("25922", gettext_lazy("도금")),
    ("25923", gettext_lazy("도장")),
)


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
        self.children: list[Node] = []
        self.code = ""  # the effective filter value (a group's code when only the group is chosen)
        self.group = ""
        codes = tuple(c.strip() for c in codes if CODE_SHAPE.match(c.strip()))  # others are refused later
        self._load(sorted(set(codes) | {code for code, _label in self.quick}))

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
            self.group = group
            self.children = self._load_children(group) if group else []
            return errors
        if pick is not None:  # an empty pick (a pressed quick choice pressed again) clears
            code, group = pick, self.group_of(pick) if pick else ""
        elif detail and (not group or self.group_of(detail) == group):
            code, group = detail, self.group_of(detail)
        else:
            code = group
        self.code, self.group = code, group
        self.children = self._load_children(group) if group else []
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


class OccupationPicker(Picker):
    """KECO: group = 중분류 (2 digits, listed under its 대분류); detail = 소분류 and 세분류."""

    kind = "occupation"
    field_label = gettext_lazy("직종")
    quick = OCCUPATION_QUICK
    unknown_message = gettext_lazy("없는 직종입니다. 목록에서 직종을 골라 주세요.")
    unknown_group_message = gettext_lazy("없는 직종 분야입니다. 목록에서 골라 주세요.")
    section_level = 3
    none_message = gettext_lazy("‘%(q)s’에 맞는 직종이 없습니다. 다른 이름으로 찾아 보세요.")

    def found_message(self, q: str, n: int) -> str:
        return ngettext(
            "‘%(q)s’에 맞는 직종 %(n)d개 · 누르면 바로 적용됩니다.",
            "‘%(q)s’에 맞는 직종 %(n)d개 · 누르면 바로 적용됩니다.",
            n,
        ) % {"q": q, "n": n}

    def _load(self, codes: list[str]) -> None:
        qs = Occupation.objects.filter(scheme="keco").filter(Q(level__lte=2) | Q(code__in=codes))
        self.nodes = {n.code: n for n in self._rows(qs.order_by("code"))}

    def _load_children(self, group: str) -> list[Node]:
        qs = Occupation.objects.filter(scheme="keco", level__in=(3, 4), code__startswith=group)
        nodes = self._rows(qs.order_by("code"))
        self.nodes.update({n.code: n for n in nodes})
        return nodes

    def group_of(self, code: str) -> str:
        return code[:2] if len(code) >= 2 else ""

    def groups(self) -> Choices:
        tops = [n for n in self.nodes.values() if n.level == 1]
        mids = [n for n in self.nodes.values() if n.level == 2]
        choices: Choices = [("", _("직종 분야 전체"))]
        for top in sorted(tops, key=lambda n: n.code):
            items = [
                (n.code, clean_name(n.name))
                for n in sorted(mids, key=lambda n: n.code)
                if n.parent == top.code
            ]
            if items:
                choices.append((clean_name(top.name), items))
        return choices

    def normalise(self, value: str) -> str:
        return value.strip()

    def matches(self, q: str) -> list[Match]:
        words = q.split()[:3]
        if not words:
            return []
        found: dict[str, Match] = {}
        direct = Occupation.objects.filter(scheme="keco", level__gte=3)
        for word in words:
            direct = direct.filter(Q(name__icontains=word) | Q(code__startswith=word))
        for node in self._rows(direct.order_by("code")[:MATCH_LIMIT]):
            found[node.code] = Match(node.code, node.name, node.parent_name)
        if len(found) < MATCH_LIMIT:
            titles = JobTitle.objects.all()
            for word in words:
                titles = titles.filter(title__icontains=word)
            ranked = list(
                titles.values("keco_code")
                .annotate(n=Count("id"), example=Min("title"))
                .order_by("-n", "keco_code")[:MATCH_LIMIT]
            )
            # the job dictionary's titles are long-tailed ("용접실기교사"): keep the usual homes
            top = ranked[0]["n"] if ranked else 0
            ranked = [r for r in ranked if r["keco_code"] not in found and r["n"] * 5 >= top]
            ranked = ranked[: MATCH_LIMIT - len(found)]
            names = dict(
                Occupation.objects.filter(
                    scheme="keco", code__in=[r["keco_code"] for r in ranked]
                ).values_list("code", "name")
            )
            for row in ranked:
                if row["keco_code"] in names:
                    example = _("예: %(title)s") % {"title": row["example"]}
                    found[row["keco_code"]] = Match(row["keco_code"], names[row["keco_code"]], example)
        return list(found.values())


class IndustryPicker(Picker):
    """KSIC: group = 대분류 (a letter); detail = 중분류 (2 digits) and 소분류 (3 digits).

    Codes are stored without the section letter ("24"); "C24" (the job dictionary's style) is
    read as "24" when 24 is in section C. A section alone cannot be a code prefix (C is 10–34),
    so ``divisions()`` lists its 중분류 for the caller to filter on."""

    kind = "industry"
    field_label = gettext_lazy("업종")
    quick = INDUSTRY_QUICK
    unknown_message = gettext_lazy("없는 업종입니다. 목록에서 업종을 골라 주세요.")
    unknown_group_message = gettext_lazy("없는 산업 분류입니다. 목록에서 골라 주세요.")
    section_level = 2
    none_message = gettext_lazy("‘%(q)s’에 맞는 업종이 없습니다. 다른 이름으로 찾아 보세요.")

    def found_message(self, q: str, n: int) -> str:
        return ngettext(
            "‘%(q)s’에 맞는 업종 %(n)d개 · 누르면 바로 적용됩니다.",
            "‘%(q)s’에 맞는 업종 %(n)d개 · 누르면 바로 적용됩니다.",
            n,
        ) % {"q": q, "n": n}

    def _load(self, codes: list[str]) -> None:
        codes = [c.strip().upper() for c in codes]
        codes += [c[1:] for c in codes if c[:1].isalpha()]  # "C24" → also "24"
        qs = Industry.objects.filter(Q(level__lte=2) | Q(code__in=codes))
        self.nodes = {n.code: n for n in self._rows(qs.order_by("code"))}

    def _load_children(self, group: str) -> list[Node]:
        divisions = self.divisions(group)
        if not divisions:
            return []
        qs = Industry.objects.filter(level=3).filter(reduce(or_, (Q(code__startswith=d) for d in divisions)))
        deeper = {n.code: n for n in self._rows(qs)}
        self.nodes.update(deeper)
        nodes = [self.nodes[d] for d in divisions] + list(deeper.values())
        return sorted(nodes, key=lambda n: n.code)

    def divisions(self, section: str) -> list[str]:
        return sorted(n.code for n in self.nodes.values() if n.level == 2 and n.parent == section)

    def group_of(self, code: str) -> str:
        if code.isalpha():
            return code
        division = self.nodes.get(code[:2])
        return division.parent if division else ""

    def normalise(self, value: str) -> str:
        """'c24' → '24' when 24 lies in section C; otherwise unchanged (then refused as unknown)."""
        value = value.strip().upper()
        if len(value) > 1 and value[0].isalpha() and value[1:].isdigit():
            digits = value[1:]
            division = self.nodes.get(digits[:2])
            if division is not None and division.parent == value[0]:
                return digits
        return value

    def groups(self) -> Choices:
        sections = sorted((n for n in self.nodes.values() if n.level == 1), key=lambda n: n.code)
        return [("", _("산업 분류 전체")), *((n.code, clean_name(n.name)) for n in sections)]

    def matches(self, q: str) -> list[Match]:
        words = q.split()[:3]
        if not words:
            return []
        qs = Industry.objects.filter(level__gte=2)
        for word in words:
            qs = qs.filter(Q(name__icontains=word) | Q(code__startswith=word.upper()))
        return [
            Match(n.code, n.name, n.parent_name)
            for n in self._rows(qs.order_by("level", "code")[:MATCH_LIMIT])
        ]


PICKERS: dict[str, type[Picker]] = {"occupation": OccupationPicker, "industry": IndustryPicker}
