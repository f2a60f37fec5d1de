"""Employer-support pages: overview with statistics, visits, suggestions and the experts roster.

Consulting requests are in ``views/consulting.py``, the services catalogue in ``views/services.py``."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from iljari.core.ui import labelled_history, paginate

from .. import actions
from ..access import require_support_staff
from ..forms import (
    ExpertForm,
    SuggestionForm,
    SuggestionMoveForm,
    VisitForm,
)
from ..models import (
    ConsultingRequest,
    ConsultingStatus,
    Expert,
    ServiceApplication,
    ServiceApplicationStatus,
    Suggestion,
    SuggestionStatus,
    Topic,
    Visit,
)

MOVE_LABELS: dict[str, str | Promise] = {
    SuggestionStatus.REVIEWING: gettext_lazy("검토 시작"),
    SuggestionStatus.IN_PROGRESS: gettext_lazy("처리 착수"),
    SuggestionStatus.RESOLVED: gettext_lazy("처리완료 및 기업 통보"),
    SuggestionStatus.REJECTED: gettext_lazy("처리불가 및 기업 통보"),
}


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
    require_support_staff(request.user)
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
    waiting = ServiceApplication.objects.filter(status=ServiceApplicationStatus.APPLIED).count()
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
    require_support_staff(request.user)
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
    require_support_staff(request.user)
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
    require_support_staff(request.user)
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
    require_support_staff(request.user)
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
    require_support_staff(request.user)
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
    require_support_staff(request.user)
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


# --- experts ---------------------------------------------------------------------------------


@login_required
def expert_list(request):
    require_support_staff(request.user)
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
