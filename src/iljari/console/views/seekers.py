"""A seeker seen by a counselor (with recommended vacancies), 알선, an employer's referral request,
and the search over personal data."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.models import ConsentRecord
from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.core.confirm import confirmation
from iljari.employers import actions as employer_actions
from iljari.employers.candidates import candidate_card, disclosure_for, seeker_queryset
from iljari.employers.models import ReferralRequest
from iljari.matching.actions import recommend_seekers_for_vacancy, recommend_vacancies_for_seeker
from iljari.referrals.actions import do_create_referral
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy

from ..access import require
from ..forms import ReferForm, SearchForm
from .common import form_errors, safe_next


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
    back = safe_next(request, reverse("console:seeker", args=[seeker.pk]))
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
                referral_request=referral_request, actor=request.user, answer=request.POST.get("answer", "")
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
