"""The demo's documented accounts (README.md) and the consent texts."""

from typing import Any

from django.contrib.auth.hashers import make_password

from iljari.accounts.models import ConsentPurpose, ConsentText, Role, Team, User
from iljari.seekers.models import VisaType

from .context import DEMO_PASSWORD, DemoContext

# The documented accounts (README.md): who they are is fixed, the rest of the world is random.
PERSONAS: dict[str, dict[str, Any]] = {
    "seeker": {  # a 52-year-old welder in 남동구 with 25 years of experience
        "age": 52,
        "home": "28200107",  # 인천광역시 남동구 남촌동
        "occupation": "8241",
        "years": 25.0,
        "visa": "",
        "dormitory": False,
        "qualification": "용접기능사",
        "regions": ["28200", "28185"],  # wants to work in 남동구 or 연수구
    },
    "seeker2": {  # an E-9 worker who needs a dormitory
        "age": 29,
        "home": "28275110",  # 인천광역시 서해구 가좌동
        "occupation": "8241",
        "years": 3.0,
        "visa": VisaType.E9,
        "dormitory": True,
        "qualification": "",
    },
}
WORKING_AGE_START = 18


def seed_people(ctx: DemoContext) -> None:
    """Demo accounts for every role (password DEMO_PASSWORD)."""
    teams = {
        name: Team.objects.get_or_create(name=name, center="인천 뿌리산업 일자리센터")[0]
        for name in ("남동 취업지원팀", "부평·서구 취업지원팀")
    }
    password = make_password(DEMO_PASSWORD)
    accounts = [
        ("admin", Role.ADMIN, "관리자", None, True),
        ("counselor", Role.COUNSELOR, "김상담", "남동 취업지원팀", False),
        ("counselor2", Role.COUNSELOR, "이지원", "부평·서구 취업지원팀", False),
        ("manager", Role.PROGRAM_MANAGER, "박사업", None, False),
        ("official", Role.OFFICIAL, "최주무관", None, False),
        ("employer", Role.EMPLOYER, "정인사", None, False),
        ("employer2", Role.EMPLOYER, "한채용", None, False),
        ("seeker", Role.SEEKER, "홍길동", None, False),
        ("seeker2", Role.SEEKER, "응우옌반안", None, False),
    ]
    for username, role, name, team, is_super in accounts:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "full_name": name,
                "password": password,
                "team": teams.get(team or ""),
                "is_superuser": is_super,
                "is_staff": is_super,
                "email": f"{username}@demo.iljari.kr",
                "phone": f"010-{ctx.rng.randint(2000, 9999)}-{ctx.rng.randint(1000, 9999)}",
            },
        )
        ctx.users[username] = user


def seed_consent_texts() -> None:
    texts = [
        (ConsentPurpose.TERMS, True, "이용약관", "일자리 서비스 이용약관에 동의합니다.", "", ""),
        (
            ConsentPurpose.SERVICE,
            True,
            "개인정보 수집·이용 동의 (필수)",
            "구직 등록, 상담, 취업 알선을 위해 아래 개인정보를 수집·이용합니다. 동의를 거부할 수 있으나 "
            "이 경우 구직 서비스를 이용할 수 없습니다.",
            "이름, 연락처, 출생연도, 거주지, 학력, 경력, 자격",
            "회원 탈퇴 또는 3년간 미이용 시까지",
        ),
        (
            ConsentPurpose.MATCHING,
            True,
            "맞춤 일자리 추천 (필수)",
            "입력한 경력·자격·희망조건으로 일자리를 추천하고 추천 사유를 보여 드립니다.",
            "경력, 자격, 희망조건, 거주지",
            "회원 탈퇴 시까지",
        ),
        (
            ConsentPurpose.SHARE_WITH_EMPLOYERS,
            False,
            "알선 기업에 이력 정보 제공 (선택)",
            "상담사가 알선하는 기업에 이름·연락처·경력·자격을 제공합니다. 동의하지 않으면 기업에는 "
            "이니셜과 연령대만 보입니다.",
            "이름, 연락처, 경력, 자격",
            "알선 종료 후 1년",
        ),
        (
            ConsentPurpose.MARKETING,
            False,
            "채용 소식·행사 알림 (선택)",
            "채용박람회, 새 추천 일자리 소식을 문자·이메일로 받습니다.",
            "연락처, 이메일",
            "동의 철회 시까지",
        ),
    ]
    for purpose, required, title, body, items, retention in texts:
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={
                "required": required,
                "title": title,
                "body": body,
                "items": items,
                "retention": retention,
            },
        )
