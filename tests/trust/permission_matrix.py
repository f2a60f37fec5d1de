"""Who may open which page — the one table the persona-matrix test checks every URL against.

Personas are the demo world's accounts (built per test by the demo generator):
``seeker``/``other_seeker`` (seeker, seeker2), ``employer``/``other_employer`` (employer,
employer2), ``counselor``/``other_counselor`` (counselor, counselor2 — another team),
``manager``, ``official``, ``admin`` and ``anonymous``.

Each URL name maps to ``(who, obj)``:

* ``who`` — the personas that may get a 2xx: a set, or a string rule resolved by the test:
  ``"all"``, ``"auth"`` (any signed-in persona), ``"cap:<capability>"`` (every persona whose
  role has it), ``"role:<persona set name>"``, combined with ``"|"``.
* ``obj`` — which object fills the URL's parameters (see ``OBJECTS`` in the test), or ``None``.

Any persona not allowed must get 3xx/401/403/404/405 — a 2xx is a leak. A URL that is not in
this table fails the test: new pages must be classified here.
"""

SEEKERS = "role:seekers"  # seeker, other_seeker (each sees their own)
EMPLOYERS = "role:employers"
OWN_SEEKER = "role:seeker"  # only the owner of the object (the persona "seeker")
OWN_EMPLOYER = "role:employer"
STAFF_SEEKERS = "cap:view_seekers"  # counselors (both teams) and admin
COUNSELING = "cap:manage_cases"

MATRIX: dict[str, tuple[str, str | None]] = {
    # core, accounts, privacy
    "set_language": ("all", None),
    "site:home": ("all", None),
    "site:dashboard": ("auth", None),
    "core:healthz": ("all", None),
    "accounts:login": ("all", None),
    "accounts:logout": ("all", None),
    # API tokens: everyone signed in manages their own; 관리자 (manage_api_tokens) sees everyone's
    "accounts:tokens": ("auth", None),
    "accounts:token_revoke": (OWN_SEEKER + "|cap:manage_api_tokens", "api_token"),
    "accounts:otp_setup": ("auth", None),
    "accounts:otp_verify": ("auth", None),
    "accounts:password_change": ("auth", None),
    "accounts:my_data": ("auth", None),
    "accounts:my_data_download": ("auth", None),
    "accounts:my_data_export": ("auth", None),
    "accounts:withdraw_consent": ("auth", None),
    "accounts:delete_account": ("auth", None),
    "audit:access_log": ("cap:view_access_log", None),
    # job search (public)
    "vacancies:search": ("all", None),
    "vacancies:dongs": ("all", None),
    "vacancies:filter_list": ("all", "search_list"),  # the search page's long lists, on demand
    "vacancies:picker_options": ("all", None),
    "vacancies:picker_matches": ("all", None),
    "vacancies:export_csv": ("all", None),
    "vacancies:detail": ("all", "vacancy"),
    "vacancies:print": ("all", "vacancy"),
    "vacancies:save": (SEEKERS, "vacancy"),  # POST only: a seeker keeps a vacancy (관심공고)
    "vacancies:saved": (SEEKERS, None),
    "vacancies:apply": (OWN_SEEKER + "|" + SEEKERS, "vacancy"),
    "vacancies:employer": ("all", "employer"),
    # employer portal
    "referrals:employer_dashboard": (EMPLOYERS + "|role:admin", None),
    "employers:register": ("all", None),  # a new company signs up here
    "employers:company_edit": (OWN_EMPLOYER + "|cap:approve_employer", "employer"),
    "employers:members": (OWN_EMPLOYER + "|cap:approve_employer", "employer"),
    "employers:member_remove": (OWN_EMPLOYER + "|cap:approve_employer", "employer_member"),
    "employers:invitation_revoke": (OWN_EMPLOYER + "|cap:approve_employer", "employer_invitation"),
    # a capability link: whoever holds the token may open it (a new colleague signs up there)
    "employers:invitation": ("all", "invitation_token"),
    "employers:vacancy_create": (EMPLOYERS + "|cap:approve_vacancy", None),
    "employers:vacancy_live_preview": (EMPLOYERS + "|cap:approve_vacancy", None),
    "employers:vacancy": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "employers:vacancy_edit": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "employers:vacancy_preview": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "employers:vacancy_submit": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "employers:vacancy_close": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "matching:vacancy_candidates": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),  # 추천 인재
    "employers:referral_request": (OWN_EMPLOYER + "|cap:approve_vacancy", "vacancy"),
    "employers:application_move": (OWN_EMPLOYER + "|cap:approve_vacancy", "application"),
    "referrals:employer_referrals": (EMPLOYERS + "|role:admin", None),
    "referrals:employer_answer": (OWN_EMPLOYER, "referral"),
    # seeker pages (each seeker sees their own)
    "seekers:home": (SEEKERS, None),
    "seekers:profile": (SEEKERS, None),
    "seekers:signup": ("all", None),
    "seekers:profile_basic": (SEEKERS, None),
    "seekers:experience_add": (SEEKERS, None),
    "seekers:experience_delete": (OWN_SEEKER, "experience"),
    "seekers:qualification_add": (SEEKERS, None),
    "seekers:qualification_delete": (OWN_SEEKER, "qualification_held"),
    "seekers:preferences": (SEEKERS, None),
    "matching:seeker_recommendations": (SEEKERS, None),
    "referrals:activity": (SEEKERS, None),
    "referrals:seeker_applications": (SEEKERS, None),
    "seekers:application_withdraw": (OWN_SEEKER, "application"),
    "referrals:answer": (OWN_SEEKER, "referral_answer"),
    "seekers:notifications": (SEEKERS, None),
    "seekers:delete_account": (SEEKERS, None),
    # counselor console
    "console:home": (STAFF_SEEKERS, None),
    "console:queue": (STAFF_SEEKERS, "queue_key"),
    "console:bulk": (STAFF_SEEKERS, None),
    "console:employer": ("cap:approve_employer", "employer"),
    "console:vacancy": ("cap:approve_vacancy", "vacancy"),
    "console:seeker": (STAFF_SEEKERS, "seeker"),
    "console:refer": ("cap:refer", "seeker"),
    "console:referral_request": ("cap:refer", "referral_request"),
    "console:search": ("cap:search_personal_data", None),
    # referrals, placements, follow-ups
    "referrals:list": ("cap:refer|" + SEEKERS + "|" + EMPLOYERS, None),  # each sees their own
    "referrals:create": ("cap:refer", "seeker_query"),
    "referrals:detail": ("cap:refer|" + OWN_SEEKER + "|" + OWN_EMPLOYER, "referral"),  # the parties
    "referrals:move": ("cap:refer", "referral"),
    "referrals:interview_create": ("cap:refer", "referral"),
    "referrals:hire": ("cap:refer", "referral"),
    "referrals:interview_outcome": ("cap:refer", "interview"),
    "referrals:interview_ics": ("cap:refer|" + OWN_EMPLOYER + "|" + OWN_SEEKER, "interview"),
    "referrals:calendar": ("auth", None),
    "referrals:placements": ("cap:refer|cap:manage_programs", None),
    "referrals:placement_create": ("cap:refer", None),
    "referrals:placement": ("cap:refer|cap:manage_programs", "placement"),
    "referrals:follow_ups": ("cap:refer", None),
    "referrals:follow_up_record": ("cap:refer", "follow_up"),
    "referrals:retention": ("cap:view_statistics", None),
    # counseling case files: the counselor's team (other team denied) and admin
    "counseling:caseload": (COUNSELING, None),
    "counseling:open": (COUNSELING, None),
    "counseling:mine": (SEEKERS, None),
    "counseling:detail": ("role:counselor|role:admin|" + OWN_SEEKER, "case"),
    "counseling:edit": ("role:counselor|role:admin", "case"),
    "counseling:move": ("role:counselor|role:admin", "case"),
    "counseling:note_add": ("role:counselor|role:admin", "case"),
    "counseling:plan_add": ("role:counselor|role:admin", "case"),
    "counseling:attachment_add": ("role:counselor|role:admin", "case"),
    "counseling:transfer": ("role:counselor|role:admin", "case"),
    "counseling:plan_done": ("role:counselor|role:admin|" + OWN_SEEKER, "plan_item"),
    "counseling:attachment": ("role:counselor|role:admin|" + OWN_SEEKER, "attachment"),
    "counseling:attachment_delete": ("role:counselor|role:admin", "attachment"),
    # employer support
    "support:home": ("cap:manage_support|" + EMPLOYERS, None),
    "support:visits": ("cap:manage_support", None),
    "support:visit_create": ("cap:manage_support", None),
    "support:visit": ("cap:manage_support", "visit"),
    "support:suggestions": ("cap:manage_support|" + EMPLOYERS, None),
    "support:suggestion_create": ("cap:manage_support|" + EMPLOYERS, None),
    "support:suggestion": ("cap:manage_support|" + OWN_EMPLOYER, "suggestion"),
    "support:consulting_list": ("cap:manage_support|" + EMPLOYERS, None),
    "support:consulting_submit": ("all", None),  # public consulting request form
    # the e-mailed confirmation link: public, the one-time token is the permission (POST confirms)
    "support:consulting_confirm": ("all", "consulting_token"),
    "support:consulting": ("cap:manage_support|" + OWN_EMPLOYER, "consulting"),
    "support:experts": ("cap:manage_support", None),
    "support:services": ("all", None),
    "support:service": ("all", "service"),
    "support:applications": ("cap:manage_support|" + EMPLOYERS, None),
    "support:application": ("cap:manage_support|" + OWN_EMPLOYER, "support_application"),
    "support:application_withdraw": (OWN_EMPLOYER, "support_application"),
    # notifications
    "notifications:settings": ("auth", None),
    "notifications:inbox": ("auth", None),
    # the frame of the service: open to everyone
    "core:favicon": ("all", None),
    "core:privacy": ("all", None),
    "core:terms": ("all", None),
    "core:visit": ("all", None),
    "accounts:find_username": ("all", None),
    "accounts:password_reset": ("all", None),
    "accounts:password_reset_done": ("all", None),
    "accounts:password_reset_complete": ("all", None),
    "accounts:password_reset_confirm": ("all", "password_reset"),
    # background jobs: the import job of the world is the counselor's own
    "jobs:list": ("auth", None),
    "jobs:detail": ("role:counselor|role:admin", "job"),
    "jobs:cancel": ("role:counselor|role:admin", "job"),
    "jobs:file": ("role:counselor|role:admin", "job"),
    "vacancies:import": ("cap:approve_vacancy", None),
    "matching:run": ("cap:approve_vacancy", None),
    "seekers:experience_occupation": (OWN_SEEKER, "experience"),
    "notifications:log": ("cap:view_seekers|cap:manage_programs|cap:manage_support", None),
    "notifications:retry": ("cap:view_seekers", "delivery"),
    # job fairs
    "fairs:list": ("all", None),
    "fairs:create": ("cap:manage_fairs", None),
    "fairs:detail": ("all", "fair"),
    "fairs:manage": ("cap:manage_fairs", "fair"),
    "fairs:move": ("cap:manage_fairs", "fair"),
    "fairs:apply": (EMPLOYERS + "|cap:manage_fairs", "fair"),
    "fairs:review": ("cap:manage_fairs", "fair_participation"),
    "fairs:booth_edit": ("cap:manage_fairs|" + OWN_EMPLOYER, "fair_participation"),
    "fairs:booth_schedule": ("cap:manage_fairs|" + OWN_EMPLOYER, "fair_participation"),
    "fairs:register": (SEEKERS + "|cap:manage_fairs", "fair"),
    "fairs:my_schedule": (SEEKERS, "fair"),
    "fairs:seeker_schedule": ("all", "fair_token"),
    "fairs:qr": ("all", "fair_token"),
    "fairs:optimise": ("cap:manage_fairs", "fair"),
    "fairs:timetable": ("cap:manage_fairs", "fair"),
    "fairs:checkin": ("cap:manage_fairs", "fair"),
    "fairs:checkin_token": ("cap:manage_fairs", "fair_token"),
    "fairs:queues": ("cap:manage_fairs|" + EMPLOYERS, "fair"),
    "fairs:mark": ("cap:manage_fairs|" + OWN_EMPLOYER, "fair_interview"),
    "fairs:result": ("cap:manage_fairs|" + OWN_EMPLOYER, "fair_interview"),
    "fairs:walk_in": ("cap:manage_fairs", "fair"),
    "fairs:outcomes": ("cap:manage_fairs", "fair"),
    "fairs:report": ("cap:manage_fairs|cap:view_statistics", "fair"),
    # job-creation programs
    "programs:dashboard": ("cap:view_statistics", None),
    "programs:plans": ("cap:view_statistics", None),
    "programs:plan": ("cap:view_statistics", "plan"),
    "programs:apply_rules": ("cap:manage_programs", "plan"),
    "programs:import": ("cap:manage_programs", "plan"),
    "programs:report": ("cap:view_statistics", "plan_report"),
    "programs:report_job": ("cap:view_statistics", "plan_report"),
    "programs:project": ("cap:view_statistics", "project"),
    "programs:set_target": ("cap:manage_programs", "project"),
    "programs:add_rule": ("cap:manage_programs", "project"),
    "programs:attribute": ("cap:manage_programs", "project"),
    "programs:record_result": ("cap:manage_programs", "project"),
    "programs:decide_result": ("cap:manage_programs", "result"),
    "programs:evidence": ("cap:manage_programs|cap:view_statistics", "result"),
    "programs:surveys": ("cap:manage_programs|cap:view_statistics", None),
    "programs:survey": ("cap:manage_programs|cap:view_statistics", "survey"),
    "programs:close_survey": ("cap:manage_programs", "survey"),
    "programs:survey_answer": ("all", "survey_token"),
}

# API: operations per path prefix under /api/ — (who may get a 2xx on GET without parameters).
API_MATRIX: dict[str, str] = {
    "/api/vacancies": "all",
    "/api/taxonomy": "all",
    "/api/fairs": "all",
    "/api/support/services": "all",
    "/api/privacy/access-log": "cap:view_access_log",
    "/api/privacy/me": "auth",
}
