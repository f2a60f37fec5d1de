"""KWCAG 2.2 in real Chromium: axe-core (npm, served from our static files, so the page's
Content-Security-Policy stays 'self') on every public, seeker and employer page at 390 and 1280
px — no serious or critical violation; no page scrolls sideways on a phone; no request to any
other host; the phone menu reaches the seeker's pages; a keyboard-only search → vacancy → apply.
Screenshots of each page at both widths go to test-artifacts/a11y-*.png."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from iljari.accounts.actions import do_issue_api_token
from iljari.demo.world import seed_consent_texts
from iljari.vacancies.actions import do_apply
from iljari.vacancies.models import Application
from tests import factories as f
from tests.conftest import screenshot, warm_up_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((390, 844), (1280, 900))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' '))
  }));
}"""


def sign_in(page, user) -> None:
    """A session cookie for ``user`` (the login form itself is walked in the keyboard test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}])


def watch_other_hosts(page) -> list[str]:
    """Every request the page makes to a host other than our server."""
    others: list[str] = []

    def note(request):
        url = request.url
        if not url.startswith(page.base_url) and not url.startswith(("data:", "blob:", "about:")):
            others.append(url)

    page.on("request", note)
    return others


def serious_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=page.base_url + "/static/vendor/axe-core/axe.min.js")
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def check_page(page, name: str, path: str, problems: list[str]) -> None:
    """Open ``path`` at each width; collect axe's serious/critical findings and sideways scroll."""
    page.set_default_timeout(90_000)  # a loaded machine; the models are warmed in ``world``
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        status = response.status if response else 0
        if status >= 500 or (status >= 400 and not name.startswith("error")):
            problems.append(f"{name} {path}: HTTP {status}")
        for v in serious_violations(page):
            problems.append(f"{name} @{width}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
        if width <= 390:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{name} @{width}: scrolls sideways ({scroll} px wide)")
        screenshot(page, f"a11y-{name}-{width}")


@pytest.fixture
def world(reference_data):
    seed_consent_texts()
    employer = f.EmployerFactory(name="(주)남동용접산업")
    member = f.EmployerMemberFactory(employer=employer, user__username="employer_a11y").user
    welding = f.VacancyFactory(
        employer=employer, title="CO2 용접원 모집 (남동공단, 주간)", dormitory=True, commuter_bus=True
    )
    f.VacancyFactory(employer=employer, title="용접원 야간 모집", shift="night")
    f.VacancyFactory(employer=employer, title="금형 사상원 모집", occupation=f.occupation("8131"))
    seeker = f.SeekerFactory(user__username="seeker_a11y", user__full_name="박용접")
    do_apply(seeker=seeker, vacancy=welding)
    warm_up_models()
    return {"employer": employer, "member": member, "vacancy": welding, "seeker": seeker}


def test_public_pages_meet_kwcag_on_a_phone_and_a_desktop(page, world):
    others = watch_other_hosts(page)
    problems: list[str] = []
    vacancy = world["vacancy"]
    pages = [
        ("home", "/"),
        ("results", reverse("vacancies:search") + "?q=용접"),
        ("results-empty", reverse("vacancies:search") + "?q=잠수함조종사"),
        ("search-list", reverse("vacancies:filter_list", args=["occupation"]) + "?q=용접&occupation=8241"),
        ("vacancy", reverse("vacancies:detail", args=[vacancy.pk])),
        ("company", reverse("vacancies:employer", args=[vacancy.employer_id])),
        ("login", reverse("accounts:login")),
        ("signup", reverse("seekers:signup")),
        ("employer-signup", reverse("employers:register")),
        ("find-username", reverse("accounts:find_username")),
        ("password-reset", reverse("accounts:password_reset")),
        ("visit", reverse("core:visit")),
        ("privacy", reverse("core:privacy")),
        ("terms", reverse("core:terms")),
        ("fairs", reverse("fairs:list")),
        ("services", reverse("support:services")),
        ("consulting-request", reverse("support:consulting_submit")),
        ("error-404", "/no-such-page/"),
    ]
    for name, path in pages:
        check_page(page, name, path, problems)
    assert not problems, "\n".join(problems)
    assert not others, others


def test_seeker_pages_meet_kwcag_and_the_phone_menu_reaches_them(page, world):
    others = watch_other_hosts(page)
    problems: list[str] = []
    sign_in(page, world["seeker"].user)
    do_issue_api_token(user=world["seeker"].user, name="이력서 연동", scopes=["seekers:read"])
    pages = [
        ("recommendations", reverse("matching:seeker_recommendations")),
        ("applications", reverse("referrals:seeker_applications")),
        ("activity", reverse("referrals:activity")),
        ("saved", reverse("vacancies:saved")),
        ("profile", reverse("seekers:profile")),
        ("my-data", reverse("accounts:my_data")),
        ("api-tokens", reverse("accounts:tokens")),
        ("my-counseling", reverse("counseling:mine")),
        ("inbox", reverse("notifications:inbox")),
        ("seeker-home", "/"),
        ("seeker-vacancy", reverse("vacancies:detail", args=[world["vacancy"].pk])),
    ]
    for name, path in pages:
        check_page(page, name, path, problems)

    # the phone menu: opens, is itself accessible, and reaches 일자리 찾기 / 추천 일자리 / 내 지원 현황
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + reverse("vacancies:search"))
    assert not page.locator("nav.site-menu").is_visible()  # KRDS hides the desktop menu
    page.get_by_role("button", name="전체메뉴", exact=True).click()
    menu = page.get_by_role("dialog", name="전체메뉴")
    menu.wait_for()
    for label in ("일자리 찾기", "추천 일자리", "내 지원 현황", "취업 활동", "관심공고", "알림함"):
        # waits while KRDS slides the panel in (a loaded machine can take a moment)
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)  # KRDS slides the panel in
    for v in serious_violations(page):
        problems.append(f"phone menu: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
    screenshot(page, "a11y-phone-menu-390")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.get_by_role("button", name="전체메뉴", exact=True).click()
    page.get_by_role("dialog", name="전체메뉴").get_by_role("link", name="내 지원 현황").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "내 지원 현황"

    # withdrawing asks first (a page, no script needed)
    page.locator("#applications form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#confirm-step").is_visible()
    for v in serious_violations(page):
        problems.append(f"confirm step: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
    screenshot(page, "a11y-withdraw-confirm-390")
    assert Application.objects.get(pk=world["seeker"].applications.get().pk).status == "received"
    assert not problems, "\n".join(problems)
    assert not others, others


def test_phone_menu_opens_without_javascript(browser, live_server, reference_data):
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/jobs/")
    menu = page.locator("#mobile-nav")
    expect(menu.get_by_role("link", name="일자리 찾기", exact=True)).to_be_hidden()
    page.click("a.menu-toggle")
    expect(menu.get_by_role("link", name="일자리 찾기", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="로그인")).to_be_visible()
    page.click("#close-nav")
    expect(menu.get_by_role("link", name="일자리 찾기", exact=True)).to_be_hidden()
    context.close()


def test_employer_pages_meet_kwcag(page, world):
    others = watch_other_hosts(page)
    problems: list[str] = []
    sign_in(page, world["member"])
    employer, vacancy = world["employer"], world["vacancy"]
    pages = [
        ("employer-dashboard", reverse("referrals:employer_dashboard")),
        ("employer-vacancy-new", reverse("employers:vacancy_create")),
        ("employer-vacancy", reverse("employers:vacancy", args=[vacancy.pk])),
        ("employer-candidates", reverse("matching:vacancy_candidates", args=[vacancy.pk])),
        ("employer-referrals", reverse("referrals:employer_referrals")),
        ("employer-company", reverse("employers:company_edit", args=[employer.pk])),
        ("employer-members", reverse("employers:members", args=[employer.pk])),
    ]
    for name, path in pages:
        check_page(page, name, path, problems)
    assert not problems, "\n".join(problems)
    assert not others, others


def _tab_to(page, predicate_js: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``predicate_js`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {predicate_js}")


def _focus_is_visible(page) -> bool:
    """The focused element looks different from the same element unfocused (outline, ring, border
    or background), as WCAG 2.4.7 asks."""
    return page.evaluate(
        """(() => {
          const el = document.activeElement;
          el.style.transition = 'none';  // compare the end states, not a transition's first frame
          const look = () => { const s = getComputedStyle(el);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderTopColor,
                    s.borderTopWidth, s.backgroundColor, s.textDecorationLine].join('|'); };
          const focused = look();
          el.blur();
          const unfocused = look();
          el.focus();
          el.style.transition = '';
          return focused !== unfocused;
        })()"""
    )


def test_keyboard_only_search_vacancy_and_apply(page, world):
    others = watch_other_hosts(page)
    page.set_default_timeout(90_000)
    seeker = f.SeekerFactory(user__username="keyboard_seeker")
    page.goto(page.base_url + reverse("accounts:login"))
    # sign in with the keyboard: the username field has focus, Tab to the password, Enter submits
    page.keyboard.type(seeker.user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(f.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert seeker.user.username not in page.url  # signed in, left the form
    page.goto(page.base_url + "/")
    # the skip link comes first and lands in the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main-content"
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    _tab_to(page, "el.name === 'q'")
    assert _focus_is_visible(page)
    page.keyboard.type("용접")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "검색 결과" in page.locator("#results-title").inner_text()
    _tab_to(page, "el.closest('#search-results h3')")
    assert _focus_is_visible(page)
    chosen = page.evaluate("document.activeElement.innerText").strip()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == chosen
    _tab_to(page, "el.id === 'apply-button'")
    assert _focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Application.objects.filter(seeker=seeker).count() == 1
    screenshot(page, "a11y-keyboard-applied-1280")
    assert not others, others
