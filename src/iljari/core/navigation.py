"""The main menu: one list, filtered by capability; entries whose URL is not built yet are skipped."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from iljari.accounts.permissions import has_capability


@dataclass(frozen=True)
class NavEntry:
    label: object  # a lazy translation
    url_name: str
    audience: str  # "all", "anonymous", "authenticated", "seeker", "employer" or a capability name


NAV_ENTRIES = [
    NavEntry(_("일자리 찾기"), "vacancies:search", "all"),
    NavEntry(_("추천 일자리"), "seekers:recommendations", "seeker"),
    NavEntry(_("내 지원 현황"), "seekers:applications", "seeker"),
    NavEntry(_("내 정보"), "seekers:profile", "seeker"),
    NavEntry(_("나의 상담"), "counseling:mine", "seeker"),
    NavEntry(_("기업 서비스"), "employers:dashboard", "employer"),
    NavEntry(_("상담사 업무"), "console:home", "view_seekers"),
    NavEntry(_("상담 사례"), "counseling:caseload", "manage_cases"),
    NavEntry(_("기업 지원"), "support:home", "manage_support"),
    NavEntry(_("지원 서비스"), "support:services", "all"),
    NavEntry(_("채용박람회"), "fairs:list", "all"),
    NavEntry(_("일자리 사업"), "programs:dashboard", "view_statistics"),
    NavEntry(_("개인정보 접속기록"), "audit:access_log", "view_access_log"),
    NavEntry(_("알림함"), "notifications:inbox", "authenticated"),
    NavEntry(_("내 작업"), "jobs:list", "view_statistics"),
    NavEntry(_("관리"), "admin:index", "superuser"),
    NavEntry(_("기업 회원가입"), "employers:register", "anonymous"),
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


def nav_items(request) -> list[dict]:
    items = []
    for entry in NAV_ENTRIES:
        if not _visible(entry, request.user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": entry.label, "url": url, "active": url != "/" and request.path.startswith(url)}
        )
    return items
