"""The frame of a government service: center details from settings, the phone menu's entries,
the center's own pages, password and username recovery, Korean error pages with DEBUG off, the
favicon, and a Content-Security-Policy that names no other host."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from iljari.accounts.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def center(settings):
    settings.ILJARI = {
        **settings.ILJARI,
        "CENTER_NAME": "시험 일자리센터",
        "CENTER_ADDRESS": "인천광역시 남동구 시험로 1",
        "CENTER_PHONE": "032-111-2222",
        "CENTER_HOURS": "평일 09:00~18:00",
        "CENTER_EMAIL": "help@test.example",
    }
    return settings.ILJARI


def test_login_page_shows_the_center_not_the_host_and_its_title_is_complete(client, center):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<title>로그인 | 시험 일자리센터</title>" in html
    assert "testserver" not in html  # Django's own ``site`` (the host) must not reach the logo
    logo = re.search(r'<a class="site-logo"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert "시험 일자리센터" in logo
    for text in ("032-111-2222", "평일 09:00~18:00", "인천광역시 남동구 시험로 1"):
        assert text in html
    for name in ("accounts:find_username", "accounts:password_reset", "seekers:signup"):
        assert f'href="{reverse(name)}"' in html


def test_footer_names_the_center_with_address_phone_hours_and_policy_links(client, center):
    html = client.get(reverse("vacancies:search")).content.decode()
    footer = html[html.index('<footer id="krds-footer"') :]
    assert "<strong>시험 일자리센터</strong>" in footer
    assert (
        "인천광역시 남동구 시험로 1" in footer and "032-111-2222" in footer and "평일 09:00~18:00" in footer
    )
    for name in ("core:privacy", "core:terms", "core:visit"):
        assert f'href="{reverse(name)}"' in footer


def test_center_pages(client, center, settings):
    visit = client.get(reverse("core:visit")).content.decode()
    assert (
        "찾아오시는 길" in visit
        and "인천광역시 남동구 시험로 1" in visit
        and 'href="tel:032-111-2222"' in visit
    )
    settings.ILJARI_SEEKER_RETENTION_DAYS = 730
    privacy = client.get(reverse("core:privacy")).content.decode()
    assert "개인정보처리방침" in privacy and "2.0년" in privacy and "개인정보 보호책임자" in privacy
    assert "이용약관" in client.get(reverse("core:terms")).content.decode()


def test_language_menu_names_each_language_in_itself(client):
    html = client.get("/").content.decode()
    assert ">English</option>" in html and ">한국어</option>" in html
    assert "영어" not in html


def phone_menu(html: str) -> str:
    return html[html.index('<nav id="mobile-nav"') : html.index("</nav>", html.index('<nav id="mobile-nav"'))]


def desktop_menu_links(html: str) -> list[str]:
    start = html.index('class="krds-main-menu site-menu"')
    return re.findall(r'href="([^"]+)"', html[start : html.index("</nav>", start)])


@pytest.mark.parametrize("persona", ["anonymous", "seeker", "employer", "counselor", "admin"])
def test_phone_menu_has_every_entry_of_the_desktop_menu(client, persona):
    if persona != "anonymous":
        roles = {
            "seeker": Role.SEEKER,
            "employer": Role.EMPLOYER,
            "counselor": Role.COUNSELOR,
            "admin": Role.ADMIN,
        }
        user = (
            f.SeekerFactory().user
            if persona == "seeker"
            else f.UserFactory(
                role=roles[persona], is_superuser=persona == "admin", is_staff=persona == "admin"
            )
        )
        client.force_login(user)
    html = client.get(reverse("site:home")).content.decode()
    desktop = desktop_menu_links(html)
    assert desktop
    mobile = phone_menu(html)
    for url in desktop:
        assert f'href="{url}"' in mobile, url
    assert f'href="{reverse("core:visit")}"' in mobile


def test_phone_menu_reaches_a_seekers_pages_and_marks_the_current_one(client):
    seeker = f.SeekerFactory()
    client.force_login(seeker.user)
    mobile = phone_menu(client.get(reverse("referrals:seeker_applications")).content.decode())
    for name in (
        "vacancies:search",
        "matching:seeker_recommendations",
        "referrals:seeker_applications",
        "fairs:list",
    ):
        assert f'href="{reverse(name)}"' in mobile
    assert re.search(r'href="/me/applications/" class="gnb-sub-trigger selected" aria-current="page"', mobile)
    assert "로그아웃" in mobile


def test_find_username_mails_the_address_and_says_the_same_for_an_unknown_one(client, center):
    user = f.UserFactory(username="welder55", email="welder@example.com")
    response = client.post(reverse("accounts:find_username"), {"email": "WELDER@example.com"})
    assert response.status_code == 200
    known = response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "welder55" in mail.outbox[0].body and "시험 일자리센터" in mail.outbox[0].subject
    unknown = client.post(reverse("accounts:find_username"), {"email": "nobody@example.com"}).content.decode()
    assert len(mail.outbox) == 1
    assert "가입한 계정이 있으면" in known and "가입한 계정이 있으면" in unknown
    assert "welder55" not in known


def test_find_username_refuses_a_malformed_address_in_korean(client):
    html = client.post(reverse("accounts:find_username"), {"email": "not-an-address"}).content.decode()
    assert "이메일 주소 형식이 올바르지 않습니다" in html
    assert not mail.outbox


def test_password_reset_by_email_end_to_end(client, center):
    user = f.UserFactory(username="resetme", email="reset@example.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "reset@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "시험 일자리센터" in message.subject and "resetme" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "새 비밀번호 정하기" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "bright-welding-2026!", "new_password2": "bright-welding-2026!"},
        follow=True,
    )
    assert "비밀번호를 바꿨습니다" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("bright-welding-2026!")
    assert "이미 썼거나 기한이 지난 주소입니다" in client.get(link, follow=True).content.decode()


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_404_is_korean_in_the_frame_with_debug_off(production_errors):
    response = production_errors.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in html and 'id="krds-footer"' in html
    assert "Page not found" not in html and "URLconf" not in html


def test_403_is_korean(production_errors):
    seeker = f.SeekerFactory()
    production_errors.force_login(seeker.user)
    response = production_errors.get(reverse("console:home"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "볼 수 없는 화면입니다" in html and "Forbidden" not in html


def test_csrf_failure_is_korean_not_django_s_english_page(settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "화면을 새로 고친 뒤 다시 보내 주세요" in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html


def test_400_and_500_are_korean(production_errors, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["testserver"]
    bad_host = production_errors.get("/", HTTP_HOST="evil.example")
    assert bad_host.status_code == 400 and "잘못된 요청입니다" in bad_host.content.decode()

    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("iljari.site.views.open_vacancies", lambda: boom(None))
    response = production_errors.get(reverse("site:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "잠시 후 다시 시도해 주세요" in html and settings.ILJARI["CENTER_NAME"] in html
    assert "Server Error" not in html


def test_favicon_is_linked_and_served_from_our_static_files(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/iljari/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].startswith("/static/iljari/")


def test_content_security_policy_names_no_other_host_and_krds_comes_from_our_static_files(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "http" not in csp  # no https://www.krds.go.kr or any other origin
    assert "img-src 'self' data:;" in csp and "font-src 'self';" in csp
    html = response.content.decode()
    assert "vendor/krds-uiux/resources/css/component/output.css" in html
    assert "krds.min.css" not in html


# --- small items from issue 13 ----------------------------------------------------------------


def test_my_data_shows_shift_preferences_by_their_names_not_codes(client):
    seeker = f.SeekerFactory(shift_preferences=["day", "night"])
    client.force_login(seeker.user)
    html = client.get(reverse("accounts:my_data")).content.decode()
    assert re.search(r"희망 근무형태</th><td>주간, 야간</td>", html)
    assert ">day<" not in html and "day, night" not in html


def test_vacancy_address_that_already_names_its_complex_does_not_repeat_it(client, employer):
    from iljari.taxonomy.models import IndustrialComplex

    complex_ = IndustrialComplex.objects.create(name="시험국가산업단지", lat=37.4, lon=126.7)
    employer.industrial_complex = complex_
    employer.save()
    named = f.VacancyFactory(employer=employer, address="인천광역시 부평구 1-2 (시험국가산업단지)")
    html = client.get(reverse("vacancies:detail", args=[named.pk])).content.decode()
    assert html.count("(시험국가산업단지)") == 1
    plain = f.VacancyFactory(employer=employer, address="인천광역시 부평구 3-4")
    html = client.get(reverse("vacancies:detail", args=[plain.pk])).content.decode()
    assert "인천광역시 부평구 3-4 (시험국가산업단지)" in html


def test_removing_a_company_contact_asks_first(client, employer, employer_member):
    from iljari.employers.models import EmployerMember, MemberRole

    EmployerMember.objects.filter(user=employer_member).update(role=MemberRole.OWNER)
    colleague = f.EmployerMemberFactory(employer=employer, user__full_name="이동료")
    client.force_login(employer_member)
    url = reverse("employers:member_remove", args=[employer.pk, colleague.pk])
    step = client.post(url)
    assert step.status_code == 200 and 'id="confirm-step"' in step.content.decode()
    assert "이동료" in step.content.decode()
    assert EmployerMember.objects.filter(pk=colleague.pk).exists()
    client.post(url, {"confirm": "yes"})
    assert not EmployerMember.objects.filter(pk=colleague.pk).exists()


def test_employer_vacancy_table_stacks_with_labels_on_a_phone(client, employer, employer_member, vacancy):
    client.force_login(employer_member)
    html = client.get(reverse("referrals:employer_dashboard")).content.decode()
    assert 'class="tbl col data stack"' in html
    assert 'data-label="마감일"' in html and 'data-label="상태"' in html
