"""The occupation picker: KECO 중분류 groups (under their 대분류), 소분류/세분류 details, and a name
search that also reads the job dictionary's titles ("티그" → 용접원)."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from iljari.taxonomy.models import JobTitle, Occupation

from . import table
from .base import MATCH_LIMIT, Choices, Match, Node, Picker, clean_name

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
        wanted = set(codes) | {code[:2] for code in codes if len(code) > 2}  # and their groups
        known = table.nodes(self.kind)  # the process's copy of the classification
        self.nodes = {code: known[code] for code in sorted(wanted) if code in known}

    def _load_groups(self) -> list[Node]:
        return self._rows(Occupation.objects.filter(scheme="keco", level__lte=2).order_by("code"))

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
