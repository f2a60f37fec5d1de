"""The industry picker: KSIC 대분류 groups (sections), 중분류/소분류 details, and a name search."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from iljari.taxonomy.models import Industry

from . import table
from .base import MATCH_LIMIT, Choices, Match, Node, Picker, clean_name

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
        codes += [c[:2] for c in codes if c[:1].isdigit()]  # the division says the section
        known = table.nodes(self.kind)  # the process's copy of the classification
        wanted = sorted({*table.top_codes(self.kind), *codes})
        self.nodes = {code: known[code] for code in wanted if code in known}

    def _load_groups(self) -> list[Node]:
        return self._rows(Industry.objects.filter(level=1).order_by("code"))

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
        rows = self._rows(Industry.objects.filter(level=2, parent__code=section))
        self.nodes.update({n.code: n for n in rows})
        return sorted(n.code for n in rows)

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
