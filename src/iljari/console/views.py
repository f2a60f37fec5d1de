"""The counselor console (상담사 업무): work queues, seeker view with recommendations, 알선, search."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iljari.accounts.models import ConsentRecord
from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.core.confirm import confirmation
from iljari.employers import actions as employer_actions
from iljari.employers.candidates import candidate_card, disclosure_for, seeker_queryset
from iljari.employers.display import history_rows
from iljari.employers.models import Employer, EmployerStatus, ReferralRequest, ReferralRequestStatus
from iljari.matching.actions import recommend_seekers_for_vacancy, recommend_vacancies_for_seeker
from iljari.referrals.actions import do_create_referral
from iljari.referrals.models import Referral
from iljari.seekers.models import Seeker, SeekerStatus
from iljari.vacancies import actions as vacancy_actions
from iljari.vacancies.models import MinimumWage, RevisionStatus, Vacancy, VacancyStatus

from . import actions
from .access import require
from .forms import BulkForm, DecisionForm, ReferForm, SearchForm, VacancyReviewForm

NEW_SEEKER_DAYS = 30
AWAITING_STATES = ("proposed", "seeker_accepted", "employer_review")
QUEUE_SIZE = 10
PAGE_SIZE = 25


def _posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def pending_employers():
    return (
        Employer.objects.filter(status=EmployerStatus.PENDING).select_related("region").order_by("created_at")
    )


def pending_vacancies():
    """New vacancies waiting for approval, and published ones with a material edit waiting."""
    return (
        Vacancy.objects.filter(
            Q(status=VacancyStatus.PENDING)
            | Q(status=VacancyStatus.PUBLISHED, revisions__status=RevisionStatus.PENDING)
        )
        .distinct()
        .select_related("employer", "work_region")
        .order_by("updated_at")
    )


def _approve_vacancy(vacancy, actor):
    """Publish a new vacancy, or approve the pending edit of a published one."""
    revision = vacancy_actions.pending_revision(vacancy)
    if revision is not None and vacancy.status == VacancyStatus.PUBLISHED:
        return vacancy_actions.do_decide_vacancy_revision(revision=revision, actor=actor, approve=True)
    return vacancy_actions.do_publish_vacancy(vacancy=vacancy, actor=actor)


def new_seekers():
    since = timezone.now() - dt.timedelta(days=NEW_SEEKER_DAYS)
    return (
        Seeker.objects.filter(
            status=SeekerStatus.ACTIVE,
            anonymised_at__isnull=True,
            created_at__gte=since,
            console_contacts__isnull=True,
        )
        .select_related("user", "home_region")
        .order_by("created_at")
    )


def open_referral_requests():
    return (
        ReferralRequest.objects.filter(status=ReferralRequestStatus.OPEN)
        .select_related("vacancy__employer", "requested_by")
        .order_by("created_at")
    )


def awaiting_referrals():
    return (
        Referral.objects.filter(status__in=AWAITING_STATES)
        .select_related("seeker__user", "vacancy__employer", "counselor")
        .order_by("updated_at")
    )


QUEUES = {
    "employers": (gettext_lazy("승인 대기 기업"), pending_employers, "approve_employer"),
    "vacancies": (gettext_lazy("승인 대기 공고"), pending_vacancies, "approve_vacancy"),
    "seekers": (gettext_lazy("연락할 신규 구직자"), new_seekers, "view_seekers"),
    "requests": (gettext_lazy("기업의 알선 요청"), open_referral_requests, "refer"),
    "referrals": (gettext_lazy("응답 대기 중인 알선"), awaiting_referrals, "refer"),
}


def flag_below_minimum_wage(vacancies) -> None:
    """Mark each vacancy of a queue whose wage is below the legal minimum (one query for all)."""
    minimum = MinimumWage.in_force()
    for vacancy in vacancies:
        result = vacancy.minimum_wage_check(minimum=minimum) if minimum else None
        vacancy.below_minimum = result.message() if result is not None and result.below else ""


def _log_seekers(request, seekers, purpose, fields="이름, 연락처, 거주지"):
    for seeker in seekers:
        log_access(
            actor=request.user, action="view", subject=seeker, fields=fields, purpose=purpose, request=request
        )


def _queue_seekers(key, items) -> list:
    """The people a queue shows by name: new seekers, and the seekers of awaiting referrals."""
    if key == "seekers":
        return list(items)
    if key == "referrals":
        return [r.seeker for r in items]
    return []


@require("view_seekers")
def home(request):
    queues = []
    for key, (title, query, capability) in QUEUES.items():
        if not has_capability(request.user, capability):
            continue
        qs = query()
        items = list(qs[:QUEUE_SIZE])
        if key == "vacancies":
            flag_below_minimum_wage(items)
        queues.append({"key": key, "title": title, "count": qs.count(), "items": items})
    log_access_many(
        actor=request.user,
        action="view",
        subjects=[s for q in queues for s in _queue_seekers(q["key"], q["items"])],
        fields="이름, 거주지",
        purpose="업무 대기열",
        request=request,
    )
    return render(request, "console/home.html", {"queues": queues, "bulk_form": BulkForm()})


@require("view_seekers")
def queue(request, key):
    if key not in QUEUES:
        raise Http404
    title, query, capability = QUEUES[key]
    if not has_capability(request.user, capability):
        raise Http404
    page = Paginator(query(), PAGE_SIZE).get_page(request.GET.get("page"))
    if key == "vacancies":
        flag_below_minimum_wage(page.object_list)
    log_access_many(
        actor=request.user,
        action="view",
        subjects=_queue_seekers(key, page.object_list),
        fields="이름, 거주지",
        purpose="업무 대기열",
        request=request,
    )
    return render(
        request, "console/queue.html", {"key": key, "title": title, "page": page, "items": page.object_list}
    )


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require("view_seekers")
@require_POST
def bulk(request):
    form = BulkForm(request.POST)
    back = _safe_next(request, reverse("console:home"))
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["ids"]
    user = request.user
    if action == "publish_vacancies":
        if not has_capability(user, "approve_vacancy"):
            raise Http404
        items = list(pending_vacancies().filter(pk__in=ids))
        done, failures = actions.run_bulk(
            items,
            lambda v: _approve_vacancy(v, user),
            label=lambda v: v.title,
        )
        noun = _("공고")
    elif action == "approve_employers":
        if not has_capability(user, "approve_employer"):
            raise Http404
        items = list(pending_employers().filter(pk__in=ids))
        done, failures = actions.run_bulk(
            items,
            lambda e: employer_actions.do_decide_employer(employer=e, approve=True, actor=user),
            label=lambda e: e.name,
        )
        noun = _("기업")
    else:
        items = list(new_seekers().filter(pk__in=ids))
        try:
            done, failures = actions.do_mark_contacted(seekers=items, counselor=user), []
        except ValidationError as exc:
            done, failures = [], exc.messages
        noun = _("구직자")
    missing = len(ids) - len(items)
    if done:
        messages.success(request, _("%(noun)s %(n)d건을 처리했습니다.") % {"noun": noun, "n": len(done)})
    if missing:
        messages.error(
            request, _("이미 처리되었거나 찾을 수 없는 항목 %(n)d건은 건너뛰었습니다.") % {"n": missing}
        )
    for failure in failures:
        messages.error(request, failure)
    return redirect(back)


@require("approve_employer")
def employer_review(request, pk):
    employer = get_object_or_404(Employer.objects.select_related("region", "industry"), pk=pk)
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            employer_actions.do_decide_employer(
                employer=employer, approve=approve, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(
                request,
                (_("%(name)s을(를) 승인했습니다.") if approve else _("%(name)s을(를) 반려했습니다."))
                % {"name": employer.name},
            )
            return redirect(_safe_next(request, reverse("console:home")))
    members = employer.members.select_related("user")
    return render(
        request,
        "console/employer_review.html",
        {"employer": employer, "form": form, "members": members, "history": history_rows(employer)},
    )


@require("approve_vacancy")
def vacancy_review(request, pk):
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("employer", "work_region", "occupation"), pk=pk
    )
    form = VacancyReviewForm(_posted(request))
    revision = (
        vacancy_actions.pending_revision(vacancy) if vacancy.status == VacancyStatus.PUBLISHED else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            if revision is not None:
                approve = form.cleaned_data["decision"] == "publish"
                vacancy_actions.do_decide_vacancy_revision(
                    revision=revision, actor=request.user, approve=approve, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("공고 변경을 승인해 게시했습니다.") if approve else _("공고 변경을 반려했습니다."),
                )
            elif form.cleaned_data["decision"] == "publish":
                vacancy_actions.do_publish_vacancy(vacancy=vacancy, actor=request.user)
                messages.success(request, _("공고를 승인해 게시했습니다."))
            else:
                actions.do_return_vacancy(
                    vacancy=vacancy, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("공고를 보완 요청으로 돌려보냈습니다."))
        except ValidationError as exc:
            vacancy.refresh_from_db()
            form.add_action_errors(exc)
        else:
            return redirect(_safe_next(request, reverse("console:home")))
    context = {
        "vacancy": vacancy,
        "revision": revision,
        "revision_rows": _revision_rows(vacancy, revision),
        "form": form,
        "required": list(vacancy.required_qualifications.all()),
        "preferred": list(vacancy.preferred_qualifications.all()),
        "history": history_rows(vacancy),
    }
    return render(request, "console/vacancy_review.html", context)


def _revision_rows(vacancy, revision) -> list[tuple[str, object, object]]:
    """(field label, published value, proposed value) for the review page."""
    if revision is None:
        return []
    rows = []
    for name, value in revision.changes.items():
        field = Vacancy._meta.get_field(name)
        assert isinstance(field, models.Field)  # a revision holds the vacancy's own columns only
        published = getattr(vacancy, name)
        related = field.related_model
        if field.is_relation and isinstance(related, type):
            value = related._default_manager.filter(pk=value).first()
        rows.append((str(field.verbose_name), published, value))
    return rows


@require("view_seekers")
def seeker_detail(request, pk):
    seeker = get_object_or_404(
        seeker_queryset().prefetch_related("desired_occupations", "desired_regions"), pk=pk
    )
    log_access(
        actor=request.user,
        action="view",
        subject=seeker,
        fields="이름, 연락처, 이메일, 출생연도, 거주지, 경력, 자격, 희망 조건, 동의 현황",
        purpose="상담사 구직자 상세 열람",
        request=request,
    )
    recommendations = recommend_vacancies_for_seeker(seeker, 10)
    referrals = seeker.referrals.select_related("vacancy__employer", "counselor").order_by("-created_at")
    applications = seeker.applications.select_related("vacancy__employer").order_by("-created_at")
    consents = ConsentRecord.objects.filter(user=seeker.user).select_related("text").order_by("-answered_at")
    contacts = seeker.console_contacts.select_related("counselor")
    return render(
        request,
        "console/seeker_detail.html",
        {
            "seeker": seeker,
            "recommendations": recommendations,
            "referrals": referrals,
            "referred_ids": {r.vacancy_id for r in referrals if r.status not in ("cancelled", "not_hired")},
            "applications": applications,
            "consents": consents,
            "contacts": contacts,
            "refer_form": ReferForm(),
            "can_refer": has_capability(request.user, "refer"),
        },
    )


@require("refer")
@require_POST
def refer(request, pk):
    seeker = get_object_or_404(Seeker.objects.select_related("user"), pk=pk)
    form = ReferForm(request.POST)
    back = _safe_next(request, reverse("console:seeker", args=[seeker.pk]))
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    vacancy = Vacancy.objects.select_related("employer").filter(pk=form.cleaned_data["vacancy"]).first()
    if vacancy is None:
        messages.error(
            request, _("공고 번호 %(n)d을(를) 찾을 수 없습니다.") % {"n": form.cleaned_data["vacancy"]}
        )
        return redirect(back)
    step = confirmation(
        request,
        title=_("알선"),
        question=_("%(seeker)s 님을 '%(title)s' (%(company)s)에 알선할까요?")
        % {"seeker": seeker.user.display_name, "title": vacancy.title, "company": vacancy.employer.name},
        consequences=[
            _("구직자에게 알선 제안 안내가 발송되고, 구직자가 수락하면 기업에 알선이 전달됩니다."),
            _("알선 기록과 개인정보 제공 기록은 지울 수 없습니다."),
        ],
        confirm_label=_("알선"),
        back_url=back,
        back_label=_("알선하지 않고 돌아가기"),
    )
    if step is not None:
        return step
    try:
        do_create_referral(
            seeker=seeker, vacancy=vacancy, counselor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        log_access(
            actor=request.user,
            action="change",
            subject=seeker,
            fields="알선 (이름·경력 제공)",
            purpose=f"알선: 공고 {vacancy.pk} {vacancy.employer.name}",
            request=request,
        )
        messages.success(
            request,
            _("%(seeker)s 님을 %(employer)s '%(title)s'에 알선했습니다.")
            % {"seeker": seeker.user.display_name, "employer": vacancy.employer.name, "title": vacancy.title},
        )
    return redirect(back)


@require("refer")
def referral_request_detail(request, pk):
    referral_request = get_object_or_404(
        ReferralRequest.objects.select_related("vacancy__employer", "requested_by"), pk=pk
    )
    vacancy = referral_request.vacancy
    recommendations = recommend_seekers_for_vacancy(vacancy, 10) if vacancy.is_open else []
    seekers = {s.pk: s for s in seeker_queryset().filter(pk__in=[r.seeker.pk for r in recommendations])}
    everyone = disclosure_for(vacancy.employer, list(seekers.values()))
    everyone.applied |= set(seekers)  # staff see identities; contact details stay on the seeker page
    candidates = [
        {**candidate_card(seekers[r.seeker.pk], everyone, score=r.score, reasons=r.reasons)}
        for r in recommendations
        if r.seeker.pk in seekers
    ]
    referred = vacancy.referrals.select_related("seeker__user", "counselor").order_by("-created_at")
    log_access_many(
        actor=request.user,
        action="view",
        subjects=[seekers[c["seeker_id"]] for c in candidates] + [r.seeker for r in referred],
        fields="이름, 연락처, 경력, 자격",
        purpose=f"알선 요청 처리 (공고 {vacancy.pk})",
        request=request,
    )
    answer_error = ""
    if request.method == "POST":
        try:
            employer_actions.do_answer_referral_request(
                request=referral_request, actor=request.user, answer=request.POST.get("answer", "")
            )
        except ValidationError as exc:
            answer_error = " ".join(exc.messages)
        else:
            messages.success(request, _("알선 요청에 답변했습니다."))
            return redirect("console:home")
    return render(
        request,
        "console/referral_request.html",
        {
            "referral_request": referral_request,
            "vacancy": vacancy,
            "candidates": candidates,
            "referred": referred,
            "answer_error": answer_error,
        },
    )


@require("search_personal_data")
def search(request):
    form = SearchForm(request.GET or None)
    results = []
    if request.GET and form.is_valid():
        q = form.cleaned_data["q"]
        digits = q.replace("-", "").replace(" ", "")
        condition = Q(user__full_name__icontains=q)
        if digits.isdigit():
            condition |= Q(phone_digits__contains=digits)
        results = list(
            Seeker.objects.annotate(phone_digits=Replace("user__phone", Value("-"), Value("")))
            .filter(condition, anonymised_at__isnull=True)
            .select_related("user", "home_region")
            .order_by("user__full_name", "pk")[:50]
        )
        masked_query = q[0] + "*" * (len(q) - 1)
        if results:
            for seeker in results:
                log_access(
                    actor=request.user,
                    action="search",
                    subject=seeker,
                    fields="이름, 전화번호",
                    purpose=f"상담사 구직자 검색 (검색어: {masked_query})",
                    request=request,
                    count=len(results),
                )
        else:
            log_access(
                actor=request.user,
                action="search",
                subject=request.user,
                fields="이름, 전화번호",
                purpose=f"상담사 구직자 검색, 결과 없음 (검색어: {masked_query})",
                request=request,
                count=0,
            )
    return render(
        request, "console/search.html", {"form": form, "results": results, "searched": bool(request.GET)}
    )
