"""Employer-support pages: overview with statistics, visits, suggestions, consulting requests,
the experts roster and the services catalogue with applications."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import (
    Capability,
    employer_ids_of,
    has_capability,
    is_employer_user,
    is_seeker,
    require_capability,
)
from iljari.core.ui import labelled_history, paginate
from iljari.employers.models import Employer

from . import actions
from .forms import (
    AnswerForm,
    ApplyForm,
    AssignForm,
    ConsultingForm,
    DecideForm,
    ExpertForm,
    RejectForm,
    StaffConsultingForm,
    SuggestionForm,
    SuggestionMoveForm,
    UsageForm,
    VisitForm,
)
from .models import (
    ApplicationStatus,
    Audience,
    ConsultingChannel,
    ConsultingRequest,
    ConsultingStatus,
    Expert,
    ServiceApplication,
    Suggestion,
    SuggestionStatus,
    SupportService,
    Topic,
    Visit,
)

MOVE_LABELS = {
    SuggestionStatus.REVIEWING: gettext_lazy("검토 시작"),
    SuggestionStatus.IN_PROGRESS: gettext_lazy("처리 착수"),
    SuggestionStatus.RESOLVED: gettext_lazy("처리완료 및 기업 통보"),
    SuggestionStatus.REJECTED: gettext_lazy("처리불가 및 기업 통보"),
}


def _staff(user):
    require_capability(user, Capability.MANAGE_SUPPORT, _("기업 지원 업무 권한이 없습니다."))


def _period(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    return year, dt.date(year, 1, 1), dt.date(year, 12, 31)


@login_required
def home(request):
    _staff(request.user)
    year, start, end = _period(request)
    stats = actions.visit_statistics(start, end)
    sla = actions.sla_statistics(ConsultingRequest.objects.filter(received_at__year=year))
    overdue = (
        Suggestion.objects.filter(
            status__in=[SuggestionStatus.RECEIVED, SuggestionStatus.REVIEWING, SuggestionStatus.IN_PROGRESS],
            due_on__lt=timezone.localdate(),
        )
        .select_related("employer")
        .order_by("due_on")[:10]
    )
    waiting = ServiceApplication.objects.filter(status=ApplicationStatus.APPLIED).count()
    return render(
        request,
        "support/home.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "stats": stats,
            "sla": sla,
            "overdue": overdue,
            "waiting_applications": waiting,
        },
    )


# --- visits ---------------------------------------------------------------------------------


@login_required
def visit_list(request):
    _staff(request.user)
    year, start, end = _period(request)
    qs = (
        Visit.objects.filter(visited_on__range=(start, end))
        .select_related("employer")
        .prefetch_related("staff")
        .annotate(n_suggestions=Count("suggestions"))
    )
    topic = request.GET.get("topic", "")
    if topic in Topic.values:
        qs = qs.filter(
            pk__in=[
                v.pk
                for v in Visit.objects.filter(visited_on__range=(start, end)).only("topics")
                if topic in v.topics
            ]
        )
    page = paginate(request, qs.order_by("-visited_on", "-id"))
    return render(
        request, "support/visits.html", {"page": page, "year": year, "topic": topic, "topics": Topic.choices}
    )


@login_required
def visit_create(request):
    _staff(request.user)
    form = VisitForm(
        request.POST or None, initial={"visited_on": timezone.localdate(), "staff": [request.user.pk]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = actions.do_record_visit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("방문 기록을 저장했습니다. 건의사항이 있으면 이어서 등록해 주세요."))
            return redirect("support:visit", visit.pk)
    return render(
        request, "support/form.html", {"form": form, "title": _("기업 방문 기록"), "submit": _("저장")}
    )


@login_required
def visit_detail(request, pk):
    _staff(request.user)
    visit = get_object_or_404(Visit.objects.select_related("employer").prefetch_related("staff"), pk=pk)
    form = SuggestionForm(request.POST or None, initial={"employer": visit.employer_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_suggestion(actor=request.user, visit=visit, received_on=visit.visited_on, **data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("건의사항을 접수했습니다."))
            return redirect("support:visit", visit.pk)
    return render(
        request,
        "support/visit.html",
        {
            "visit": visit,
            "suggestions": visit.suggestions.all(),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- suggestions ----------------------------------------------------------------------------


@login_required
def suggestion_list(request):
    _staff(request.user)
    year, start, end = _period(request)
    qs = Suggestion.objects.filter(received_on__range=(start, end)).select_related("employer", "owner")
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(
            status__in=[SuggestionStatus.RECEIVED, SuggestionStatus.REVIEWING, SuggestionStatus.IN_PROGRESS]
        )
    elif status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    category = request.GET.get("category", "")
    if category in Topic.values:
        qs = qs.filter(category=category)
    page = paginate(request, qs.order_by("-received_on", "-id"))
    return render(
        request,
        "support/suggestions.html",
        {
            "page": page,
            "year": year,
            "status": status,
            "category": category,
            "statuses": SuggestionStatus.choices,
            "topics": Topic.choices,
            "today": timezone.localdate(),
            "stats": actions.visit_statistics(start, end),
        },
    )


@login_required
def suggestion_create(request):
    _staff(request.user)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = actions.do_add_suggestion(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("건의사항을 접수했습니다."))
            return redirect("support:suggestion", suggestion.pk)
    return render(
        request,
        "support/form.html",
        {"form": form, "title": _("건의사항 접수"), "submit": pgettext("action", "접수")},
    )


@login_required
def suggestion_detail(request, pk):
    _staff(request.user)
    suggestion = get_object_or_404(Suggestion.objects.select_related("employer", "visit", "owner"), pk=pk)
    error = None
    if request.method == "POST":
        form = SuggestionMoveForm(request.POST)
        if form.is_valid():
            try:
                actions.do_move_suggestion(suggestion=suggestion, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("처리 상태를 바꿨습니다."))
                return redirect("support:suggestion", suggestion.pk)
        else:
            error = _("처리 상태를 골라 주세요.")
    moves = [
        (s, MOVE_LABELS[s])
        for s in SuggestionStatus.values
        if s in actions.SUGGESTION_FLOW.allowed(suggestion.status)
    ]
    return render(
        request,
        "support/suggestion.html",
        {
            "s": suggestion,
            "moves": moves,
            "error": error,
            "history": labelled_history(suggestion, SuggestionStatus.choices),
        },
        status=400 if error else 200,
    )


# --- consulting requests --------------------------------------------------------------------


def consulting_submit(request):
    """The public web form (a company's own request); staff entering an e-mail use the same page."""
    user = request.user
    is_staff = has_capability(user, "manage_support")
    employer = None
    if is_employer_user(user):
        employer = Employer.objects.filter(pk__in=employer_ids_of(user)).first()
    form_class = StaffConsultingForm if is_staff else ConsultingForm
    initial = {}
    if employer is not None:
        initial = {
            "company_name": employer.name,
            "contact_name": user.display_name,
            "contact_email": user.email,
            "contact_phone": user.phone,
        }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel = data.pop("channel", ConsultingChannel.WEB)
        if employer is None and is_staff:
            employer = Employer.objects.filter(name=data["company_name"]).first()
        try:
            consulting = actions.do_submit_consulting_request(
                employer=employer, channel=channel, actor=user, **data
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            if is_staff:
                messages.success(request, _("자문 요청을 접수했습니다."))
                return redirect("support:consulting", consulting.pk)
            return render(request, "support/consulting_thanks.html", {"c": consulting})
    return render(
        request,
        "support/consulting_form.html",
        {"form": form, "is_staff": is_staff},
        status=400 if form.errors else 200,
    )


@login_required
def consulting_list(request):
    _staff(request.user)
    qs = ConsultingRequest.objects.select_related("expert", "employer")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.filter(
            status__in=[ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING]
        )
    elif status in ConsultingStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue") == "1":
        qs = qs.filter(
            status__in=[ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING],
            due_on__lt=timezone.localdate(),
        )
    page = paginate(request, qs.order_by("due_on", "id"))
    return render(
        request,
        "support/consulting_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ConsultingStatus.choices,
            "sla": actions.sla_statistics(),
        },
    )


@login_required
def consulting_detail(request, pk):
    _staff(request.user)
    c = get_object_or_404(ConsultingRequest.objects.select_related("expert", "employer"), pk=pk)
    experts = actions.suggest_experts(c)
    forms_ = {"assign": AssignForm(experts=experts), "answer": AnswerForm(), "reject": RejectForm()}
    error = None
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "assign":
                form = forms_["assign"] = AssignForm(request.POST, experts=experts)
                if form.is_valid():
                    actions.do_assign_expert(
                        request=c, expert=form.cleaned_data["expert"], actor=request.user
                    )
            elif step == "review":
                form = None
                actions.do_start_review(request=c, actor=request.user)
            elif step == "answer":
                form = forms_["answer"] = AnswerForm(request.POST)
                if form.is_valid():
                    actions.do_answer_consulting(
                        request=c, result=form.cleaned_data["result"], actor=request.user
                    )
            elif step == "reject":
                form = forms_["reject"] = RejectForm(request.POST)
                if form.is_valid():
                    actions.do_reject_consulting(
                        request=c, reason=form.cleaned_data["reason"], actor=request.user
                    )
            else:
                raise ValidationError(_("알 수 없는 처리입니다."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if form is None or form.is_valid():
                messages.success(request, _("처리했습니다."))
                return redirect("support:consulting", c.pk)
            error = _("입력값을 확인해 주세요.")
    return render(
        request,
        "support/consulting.html",
        {
            "c": c,
            "forms": forms_,
            "error": error,
            "experts": experts,
            "history": labelled_history(c, ConsultingStatus.choices),
            "can_assign": c.status
            in (ConsultingStatus.RECEIVED, ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING),
        },
        status=400 if error else 200,
    )


# --- experts ---------------------------------------------------------------------------------


@login_required
def expert_list(request):
    _staff(request.user)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_expert(
                actor=request.user,
                name=data["name"],
                fields=data["fields_"],
                affiliation=data["affiliation"],
                email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("자문위원을 등록했습니다."))
            return redirect("support:experts")
    experts = Expert.objects.annotate(
        open_requests=Count(
            "requests", filter=Q(requests__status__in=[ConsultingStatus.ASSIGNED, ConsultingStatus.REVIEWING])
        ),
        answered=Count("requests", filter=Q(requests__status=ConsultingStatus.ANSWERED)),
    ).order_by("-active", "name")
    return render(
        request,
        "support/experts.html",
        {"experts": experts, "form": form},
        status=400 if form.errors else 200,
    )


# --- services catalogue ---------------------------------------------------------------------


def _applicant(user):
    """(employer, seeker) the user applies as."""
    if not getattr(user, "is_authenticated", False):
        return None, None
    if is_employer_user(user):
        return Employer.objects.filter(pk__in=employer_ids_of(user)).select_related("region").first(), None
    if is_seeker(user):
        from iljari.seekers.models import Seeker

        return None, Seeker.objects.filter(user=user).select_related("home_region").first()
    return None, None


def service_catalogue(request):
    services = (
        SupportService.objects.filter(active=True)
        .annotate(n_applications=Count("applications"))
        .order_by("audience", "name")
    )
    employer, seeker = _applicant(request.user)
    mine = []
    if employer is not None:
        mine = ServiceApplication.objects.filter(employer=employer).select_related("service")
    elif seeker is not None:
        mine = ServiceApplication.objects.filter(seeker=seeker).select_related("service")
    return render(
        request,
        "support/services.html",
        {
            "employer_services": [s for s in services if s.audience == Audience.EMPLOYER],
            "worker_services": [s for s in services if s.audience == Audience.WORKER],
            "mine": mine,
            "is_staff": has_capability(request.user, "manage_support"),
        },
    )


def service_detail(request, slug):
    service = get_object_or_404(SupportService, slug=slug)
    employer, seeker = _applicant(request.user)
    problems = None
    if employer is not None or seeker is not None:
        problems = actions.eligibility_problems(service, employer=employer, seeker=seeker)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if employer is None and seeker is None:
            raise PermissionDenied(_("기업 담당자나 구직자만 신청할 수 있습니다."))
        if form.is_valid():
            try:
                actions.do_apply_service(
                    service=service,
                    actor=request.user,
                    employer=employer,
                    seeker=seeker,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_validation_error(exc)
            else:
                messages.success(request, _("신청했습니다. 담당자가 확인한 뒤 결과를 알려 드립니다."))
                return redirect("support:services")
    return render(
        request,
        "support/service.html",
        {
            "service": service,
            "problems": problems,
            "form": form,
            "can_apply": employer is not None or seeker is not None,
        },
        status=400 if form.errors else 200,
    )


def _login_url():
    from django.conf import settings
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)


@login_required
def application_list(request):
    _staff(request.user)
    qs = ServiceApplication.objects.select_related("service", "employer", "seeker__user")
    status = request.GET.get("status", "applied")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-created_at", "-id"))
    usage = SupportService.objects.annotate(
        approved=Count(
            "applications", filter=Q(applications__status__in=["approved", "in_use", "completed"])
        ),
        waiting=Count("applications", filter=Q(applications__status="applied")),
    ).order_by("name")
    from django.db.models import Sum

    totals = {
        row["service_id"]: row["used"]
        for row in ServiceApplication.objects.values("service_id").annotate(used=Sum("usage_count"))
    }
    for s in usage:
        s.used = totals.get(s.pk, 0) or 0
    return render(
        request,
        "support/applications.html",
        {
            "page": page,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "usage": usage,
        },
    )


@login_required
def application_detail(request, pk):
    _staff(request.user)
    application = get_object_or_404(
        ServiceApplication.objects.select_related(
            "service", "employer__region", "seeker__user", "seeker__home_region"
        ),
        pk=pk,
    )
    error = None
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step in ("approve", "reject"):
                form = DecideForm(request.POST)
                form.is_valid()
                actions.do_decide_service(
                    application=application,
                    approve=step == "approve",
                    actor=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                )
            elif step == "usage":
                form = UsageForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("이용 횟수는 1 이상 1,000 이하로 입력해 주세요."))
                actions.do_record_service_usage(
                    application=application, actor=request.user, **form.cleaned_data
                )
            else:
                raise ValidationError(_("알 수 없는 처리입니다."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("처리했습니다."))
            return redirect("support:application", application.pk)
    problems = actions.eligibility_problems(
        application.service, employer=application.employer, seeker=application.seeker
    )
    return render(
        request,
        "support/application.html",
        {
            "a": application,
            "problems": problems,
            "error": error,
            "decide_form": DecideForm(),
            "usage_form": UsageForm(),
            "history": labelled_history(application, ApplicationStatus.choices),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    employer, seeker = _applicant(request.user)
    application = get_object_or_404(
        ServiceApplication.objects.filter(Q(employer=employer) if employer else Q(seeker=seeker))
        if (employer or seeker)
        else ServiceApplication.objects.none(),
        pk=pk,
    )
    try:
        actions.do_withdraw_service(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("신청을 취소했습니다."))
    return redirect("support:services")
