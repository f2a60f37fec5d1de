"""The main menu: one list, filtered by capability, grouped for the phone menu.

The desktop menu shows the entries in this order; the phone menu (KRDS's 전체메뉴) shows the same
entries — and the center's pages — under their group's heading. Every ``url_name`` must exist: a
wrong name is a bug that fails the page, never an entry silently left out.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from iljari.accounts.permissions import has_capability
from iljari.core.links import link

# (key, heading) in the phone menu's order
NAV_GROUPS = [
    ("jobs", _("일자리")),
    ("mine", _("마이페이지")),
    ("employer", _("기업")),
    ("work", _("센터 업무")),
    ("center", _("센터 안내")),
]


@dataclass(frozen=True)
class NavEntry:
    label: object  # a lazy translation
    url_name: str
    audience: str  # "all", "anonymous", "authenticated", "seeker", "employer", "superuser" or a capability
    group: str
    desktop: bool = True  # False: only in the phone menu (and the footer)


NAV_ENTRIES = [
    NavEntry(_("일자리 찾기"), "vacancies:search", "all", "jobs"),
    NavEntry(_("추천 일자리"), "matching:seeker_recommendations", "seeker", "jobs"),
    NavEntry(_("내 지원 현황"), "referrals:seeker_applications", "seeker", "mine"),
    NavEntry(_("취업 활동"), "referrals:activity", "seeker", "mine"),
    NavEntry(_("관심공고"), "vacancies:saved", "seeker", "mine"),
    NavEntry(_("내 정보"), "seekers:profile", "seeker", "mine"),
    NavEntry(_("나의 상담"), "counseling:mine", "seeker", "mine"),
    NavEntry(_("기업 서비스"), "referrals:employer_dashboard", "employer", "employer"),
    NavEntry(_("상담사 업무"), "console:home", "view_seekers", "work"),
    NavEntry(_("상담 사례"), "counseling:caseload", "manage_cases", "work"),
    NavEntry(_("기업 지원"), "support:home", "manage_support", "work"),
    NavEntry(_("지원 서비스"), "support:services", "all", "center"),
    NavEntry(_("채용박람회"), "fairs:list", "all", "jobs"),
    NavEntry(_("일자리 사업"), "programs:dashboard", "view_statistics", "work"),
    NavEntry(_("개인정보 접속기록"), "audit:access_log", "view_access_log", "work"),
    NavEntry(_("알림함"), "notifications:inbox", "authenticated", "mine"),
    NavEntry(_("내 작업"), "jobs:list", "view_statistics", "work"),
    NavEntry(_("관리"), "admin:index", "superuser", "work"),
    NavEntry(_("기업 회원가입"), "employers:register", "anonymous", "employer"),
    NavEntry(_("찾아오시는 길"), "core:visit", "all", "center", desktop=False),
]


def _visible(entry: NavEntry, user) -> bool:
    if entry.audience == "all":
        return True
    if entry.audience == "anonymous":
        return not getattr(user, "is_authenticated", False)
    if not getattr(user, "is_authenticated", False):
        return False
    if entry.audience == "authenticated":
        return True
    if entry.audience == "superuser":
        return user.is_superuser
    if entry.audience in ("seeker", "employer"):
        return user.role == entry.audience
    return has_capability(user, entry.audience)


def _is_active(url: str, path: str) -> bool:
    return url != "/" and path.startswith(url)


def nav_items(request) -> list[dict]:
    """The entries this visitor may use, in menu order, each with its url and whether it is the
    current page (``desktop`` tells the desktop menu which to show)."""
    user = getattr(request, "user", None)
    items = []
    for entry in NAV_ENTRIES:
        if not _visible(entry, user):
            continue
        url = link(entry.url_name)
        items.append(
            {
                "label": entry.label,
                "url": url,
                "group": entry.group,
                "desktop": entry.desktop,
                "active": _is_active(url, request.path),
            }
        )
    return items


def nav_groups(items: list[dict]) -> list[dict]:
    """The phone menu: the visible entries under their group's heading, empty groups left out."""
    groups = []
    for key, heading in NAV_GROUPS:
        entries = [item for item in items if item["group"] == key]
        if entries:
            groups.append(
                {
                    "key": key,
                    "heading": heading,
                    "items": entries,
                    "active": any(item["active"] for item in entries),
                }
            )
    return groups
