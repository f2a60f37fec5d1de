"""Who may call which API operation — the one table the API persona-matrix test checks.

The operations come from the OpenAPI schema of ``iljari.api.api`` at run time; every one must be
classified here (an unknown operation fails the test, and so does an entry for an operation that
no longer exists). Keys are ``"METHOD /api/path/{param}"`` exactly as in the schema.

Each operation maps to an ``Op``:

* ``who`` — the personas that get a 2xx, in the rule language of ``permission_matrix``
  (``"all"``, ``"auth"``, ``"cap:<capability>"``, ``"role:<persona>"``, ``"role:seekers"``,
  ``"role:employers"``, joined with ``"|"``). Every one of them must get a 2xx; everyone else a
  401/403/404/405 (``refused`` below aside), never a 2xx.
* ``obj`` — which object fills the path parameters (see ``api_objects`` in the test). Objects
  belong to the first persona of each pair (``seeker``, ``employer``, ``counselor``), so the
  ``other_*`` personas probe the object-level checks.
* ``body`` — a valid minimal JSON body for writes, so the allowed personas really succeed.
  A string value ``"@name"`` is replaced by the test's value of that name (an object's id, a date).
* ``query`` — query parameters (same ``"@name"`` substitution).
* ``refused`` — personas that get a 4xx business refusal (422) instead of a permission answer:
  allowed to call the operation but not to do this particular thing (a seeker applying for a
  service meant for companies). They must not get a 2xx and must not change the database.

Each call runs against the same world (every request is rolled back afterwards); after a
denied write the test checks that no table's row count and no field of the path's object
changed.
"""

from typing import Any, NamedTuple

from .permission_matrix import COUNSELING, EMPLOYERS, OWN_EMPLOYER, OWN_SEEKER, SEEKERS, STAFF_SEEKERS


class Op(NamedTuple):
    who: str
    obj: str | None = None
    body: dict[str, Any] | None = None
    query: dict[str, Any] | None = None
    refused: frozenset[str] = frozenset()


REFERRAL_PARTIES = f"role:counselor|role:admin|{OWN_SEEKER}|{OWN_EMPLOYER}"  # the counselor's team only
REFERRAL_HANDLERS = f"role:counselor|role:admin|{OWN_EMPLOYER}"
CASE_TEAM = "role:counselor|role:admin"  # the case's counselor's team and admin
STATISTICS = "cap:view_statistics"

API_MATRIX: dict[str, Op] = {
    # vacancies (public) and applications
    "GET /api/vacancies/": Op("all"),
    "GET /api/vacancies/{vacancy_id}": Op("all", "vacancy"),
    # the company's edit: a material change of a published vacancy waits for approval (issue 15 #5)
    "PATCH /api/vacancies/{vacancy_id}": Op(OWN_EMPLOYER, "vacancy", {"title": "CO2 용접원 (주간 고정)"}),
    "GET /api/applications/": Op(f"{SEEKERS}|{EMPLOYERS}|{STAFF_SEEKERS}"),  # each sees their own
    "POST /api/applications/": Op(SEEKERS, body={"vacancy_id": "@fresh_vacancy", "message": "지원합니다."}),
    "GET /api/applications/{application_id}": Op(
        f"{OWN_SEEKER}|{OWN_EMPLOYER}|{STAFF_SEEKERS}", "application"
    ),
    "POST /api/applications/{application_id}/withdraw": Op(OWN_SEEKER, "application"),
    "POST /api/applications/{application_id}/status": Op(
        f"{OWN_EMPLOYER}|cap:approve_vacancy", "application", {"status": "screening"}
    ),
    # employers
    "GET /api/employers/": Op("auth"),
    "POST /api/employers/": Op(
        f"{EMPLOYERS}|cap:approve_employer",
        body={
            "name": "(주)새기업금속",
            "business_number": "@new_business_number",
            "region_code": "@region_code",
            "address": "인천광역시 남동구 고잔동 1",
        },
    ),
    "GET /api/employers/{employer_id}": Op("auth", "employer"),  # an approved company's profile
    "PATCH /api/employers/{employer_id}": Op(
        f"{OWN_EMPLOYER}|cap:approve_employer", "employer", {"description": "회사 소개를 고쳤습니다."}
    ),
    "POST /api/employers/{employer_id}/decision": Op(
        "cap:approve_employer", "pending_employer", {"approve": True}
    ),
    "GET /api/employers/{employer_id}/members": Op(f"{OWN_EMPLOYER}|cap:approve_employer", "employer"),
    "POST /api/employers/{employer_id}/invitations": Op(
        OWN_EMPLOYER, "employer", {"email": "new.colleague@example.kr", "full_name": "박동료"}
    ),
    "GET /api/employers/{employer_id}/referrals": Op(f"{OWN_EMPLOYER}|cap:approve_employer", "employer"),
    "GET /api/employers/{employer_id}/vacancies/{vacancy_id}/candidates": Op(
        f"{OWN_EMPLOYER}|cap:approve_employer", "employer_vacancy"
    ),
    "POST /api/employers/{employer_id}/vacancies": Op(
        OWN_EMPLOYER,
        "employer",
        {
            "title": "CO2 용접원",
            "duties": "철구조물 CO2 용접",
            "wage_type": "monthly",
            "wage_amount": 3_000_000,
            "closing_date": "@next_week",
        },
    ),
    "POST /api/employers/{employer_id}/referral-requests": Op(
        OWN_EMPLOYER,
        "employer",
        {"vacancy_id": "@vacancy", "wanted": 2, "message": "용접공 알선 부탁드립니다."},
    ),
    # seekers (each their own record; staff who work with seekers)
    "GET /api/seekers/": Op(f"{SEEKERS}|{STAFF_SEEKERS}"),
    "GET /api/seekers/me": Op(SEEKERS),
    "GET /api/seekers/{seeker_id}": Op(f"{OWN_SEEKER}|{STAFF_SEEKERS}", "seeker"),
    "PATCH /api/seekers/{seeker_id}": Op(f"{OWN_SEEKER}|{COUNSELING}", "seeker", {"needs_dormitory": True}),
    # recommendations
    "GET /api/recommendations/me": Op(SEEKERS),
    "GET /api/recommendations/seekers/{seeker_id}": Op(f"{OWN_SEEKER}|{STAFF_SEEKERS}", "seeker"),
    "GET /api/recommendations/vacancies/{vacancy_id}": Op(f"{OWN_EMPLOYER}|{STAFF_SEEKERS}", "vacancy"),
    # referrals: the referring counselor's team, the company (once the seeker agreed), the seeker
    "GET /api/referrals": Op("auth"),  # each sees their own (an empty list for the others)
    "POST /api/referrals": Op("cap:refer", body={"seeker_id": "@seeker", "vacancy_id": "@fresh_vacancy"}),
    "GET /api/referrals/placements": Op("cap:refer"),
    "POST /api/referrals/placements": Op(
        "cap:refer",
        body={
            "seeker_id": "@seeker",
            "employer_id": "@employer",
            "hire_date": "@today",
            "monthly_wage": 2_600_000,
        },
    ),
    "GET /api/referrals/placements/{pk}": Op(CASE_TEAM, "placement"),
    "POST /api/referrals/follow-ups/{pk}": Op(CASE_TEAM, "follow_up", {"status": "employed"}),
    "GET /api/referrals/retention": Op(STATISTICS),
    "GET /api/referrals/interviews/{pk}.ics": Op(REFERRAL_PARTIES, "interview"),
    "POST /api/referrals/interviews/{pk}/outcome": Op(
        REFERRAL_HANDLERS, "interview", {"status": "done", "result": "on_hold"}
    ),
    "GET /api/referrals/{pk}": Op(REFERRAL_PARTIES, "referral"),
    "GET /api/referrals/{pk}/history": Op(REFERRAL_PARTIES, "referral"),
    "POST /api/referrals/{pk}/transitions": Op(
        REFERRAL_HANDLERS, "referral", {"to_status": "not_hired", "reason": "다른 지원자 채용"}
    ),
    "POST /api/referrals/{pk}/interviews": Op(
        REFERRAL_HANDLERS, "referral", {"starts_at": "@next_week_10am", "place": "본사 2층 회의실"}
    ),
    "POST /api/referrals/{pk}/hire": Op(
        REFERRAL_HANDLERS, "referral", {"hire_date": "@today", "monthly_wage": 2_700_000}
    ),
    # counseling case files: the counselor's team and admin; the seeker sees a summary of their own
    "GET /api/cases": Op(COUNSELING),
    "POST /api/cases": Op(COUNSELING, body={"seeker_id": "@caseless_seeker", "goal": "용접 분야 재취업"}),
    "GET /api/cases/mine": Op(SEEKERS),
    "GET /api/cases/{pk}": Op(CASE_TEAM, "case"),
    "POST /api/cases/{pk}/transitions": Op(CASE_TEAM, "case", {"to_stage": "training"}),
    "POST /api/cases/{pk}/notes": Op(CASE_TEAM, "case", {"body": "이력서 보완을 함께 했습니다."}),
    "POST /api/cases/{pk}/plan": Op(
        CASE_TEAM, "case", {"title": "용접기능사 실기 접수", "due_on": "@next_week"}
    ),
    "POST /api/cases/{pk}/transfer": Op(
        CASE_TEAM, "case", {"to_counselor_id": "@team_colleague", "reason": "담당 지역 조정"}
    ),
    # employer support
    "GET /api/support/visits": Op("cap:manage_support"),
    "POST /api/support/visits": Op(
        "cap:manage_support",
        body={"employer_id": "@employer", "visited_on": "@today", "topics": ["workforce"]},
    ),
    "GET /api/support/suggestions": Op(f"cap:manage_support|{EMPLOYERS}"),  # a company sees its own
    "POST /api/support/suggestions": Op(
        "cap:manage_support",
        body={
            "employer_id": "@employer",
            "category": "workforce",
            "title": "통근버스 노선 확대",
            "body": "남동공단 4단지까지 통근버스가 다니면 좋겠습니다.",
            "department": "교통정책과",
        },
    ),
    "POST /api/support/suggestions/{pk}/transitions": Op(
        "cap:manage_support", "suggestion", {"to_status": "reviewing"}
    ),
    "GET /api/support/statistics": Op(f"cap:manage_support|{STATISTICS}"),
    "POST /api/support/consulting": Op(
        "all",
        body={
            "company_name": "(주)자문금속",
            "contact_name": "최담당",
            "contact_email": "contact@example.kr",
            "field": "technology",
            "subject": "열처리 불량 원인 자문",
            "body": "열처리 후 경도가 고르지 않습니다.",
        },
    ),
    "GET /api/support/consulting": Op(f"cap:manage_support|{EMPLOYERS}"),  # a company sees its own
    "POST /api/support/consulting/{pk}/assign": Op(
        "cap:manage_support", "consulting_received", {"expert_id": "@expert"}
    ),
    "POST /api/support/consulting/{pk}/review": Op("cap:manage_support", "consulting_assigned"),
    "POST /api/support/consulting/{pk}/answer": Op(
        "cap:manage_support", "consulting_reviewing", {"result": "열처리 온도 기록을 먼저 점검하세요."}
    ),
    "POST /api/support/consulting/{pk}/reject": Op(
        "cap:manage_support", "consulting_received", {"reason": "중복 신청"}
    ),
    "GET /api/support/experts": Op("cap:manage_support"),
    "GET /api/support/services": Op("all"),
    "POST /api/support/services/{slug}/applications": Op(
        EMPLOYERS, "employer_service", {"note": "신청합니다."}, refused=frozenset({"seeker", "other_seeker"})
    ),
    "POST /api/support/applications/{pk}/decision": Op(
        "cap:manage_support", "support_application", {"approve": True}
    ),
    # job fairs
    "GET /api/fairs/": Op("all"),
    "GET /api/fairs/{event_id}": Op("all", "fair"),
    "GET /api/fairs/{event_id}/booths": Op("all", "fair"),
    "POST /api/fairs/{event_id}/optimise": Op("cap:manage_fairs", "fair", {"time_limit": 1.0}),
    "GET /api/fairs/{event_id}/report": Op(f"cap:manage_fairs|{STATISTICS}", "fair"),
    "GET /api/fairs/{event_id}/my-interviews": Op(
        SEEKERS, "fair"
    ),  # both are registered; each sees their own
    # job-creation programs: read with view_statistics, write with manage_programs
    "GET /api/programs/plans": Op(STATISTICS),
    "POST /api/programs/plans": Op(
        "cap:manage_programs",
        body={"organisation": "@organisation", "year": "@free_plan_year", "title": "일자리 대책"},
    ),
    "GET /api/programs/plans/{plan_id}/summary": Op(STATISTICS, "plan"),
    "GET /api/programs/plans/{plan_id}/alerts": Op(STATISTICS, "plan"),
    "POST /api/programs/plans/{plan_id}/apply-rules": Op("cap:manage_programs", "plan"),
    "GET /api/programs/projects/{project_id}/placements": Op(STATISTICS, "project"),
    "POST /api/programs/projects/{project_id}/targets": Op(
        "cap:manage_programs", "project", {"metric": "jobs", "value": 12}
    ),
    "POST /api/programs/projects/{project_id}/attributions": Op(
        "cap:manage_programs", "project", {"placement_id": "@unattributed_placement"}
    ),
    "POST /api/programs/projects/{project_id}/results": Op(
        "cap:manage_programs", "project", {"month": 1, "metric": "participants", "value": 3}
    ),
    "GET /api/programs/series/{series_id}/progress": Op(STATISTICS, "series"),
    # privacy
    "GET /api/privacy/access-log": Op("cap:view_access_log"),
    "GET /api/privacy/access-log/verify": Op("cap:view_access_log"),
    "GET /api/privacy/me": Op("auth"),
    # taxonomy (public look-ups)
    "GET /api/taxonomy/regions": Op("all"),
    "GET /api/taxonomy/occupations": Op("all"),
    "GET /api/taxonomy/qualifications": Op("all"),
    # notifications: one's own messages and opt-outs; the delivery log for staff
    "GET /api/notifications/mine": Op("auth"),
    "GET /api/notifications/opt-outs": Op("auth"),
    "PUT /api/notifications/opt-outs/{channel}": Op("auth", "channel"),
    "DELETE /api/notifications/opt-outs/{channel}": Op("auth", "channel"),
    "GET /api/notifications/deliveries": Op("cap:manage_cases|cap:manage_support"),
}
