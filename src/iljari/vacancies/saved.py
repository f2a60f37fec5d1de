"""관심공고 (saved jobs): a signed-in seeker keeps vacancies for later; one list page in the menu."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from iljari.accounts.permissions import can_view_vacancy
from iljari.seekers.views import seeker_required

from .forms import SearchForm
from .models import SavedVacancy, Vacancy

MAX_SAVED = 200


@transaction.atomic
def do_save_vacancy(*, seeker, vacancy: Vacancy) -> SavedVacancy:
    """Keep a vacancy (once; saving again changes nothing)."""
    existing = SavedVacancy.objects.filter(seeker=seeker, vacancy=vacancy).first()
    if existing is not None:
        return existing
    if SavedVacancy.objects.filter(seeker=seeker).count() >= MAX_SAVED:
        raise ValidationError(
            _("관심공고는 %(n)d개까지 저장할 수 있습니다.") % {"n": MAX_SAVED}, code="too_many"
        )
    try:
        with transaction.atomic():
            return SavedVacancy.objects.create(seeker=seeker, vacancy=vacancy)
    except IntegrityError:  # a double click saved it first
        return SavedVacancy.objects.get(seeker=seeker, vacancy=vacancy)


@transaction.atomic
def do_unsave_vacancy(*, seeker, vacancy: Vacancy) -> int:
    return SavedVacancy.objects.filter(seeker=seeker, vacancy=vacancy).delete()[0]


def is_saved(seeker, vacancy) -> bool:
    return seeker is not None and SavedVacancy.objects.filter(seeker=seeker, vacancy=vacancy).exists()


def back_query(raw: str | None) -> str:
    """The search a vacancy was opened from, as a clean query string of search fields only."""
    data = QueryDict((raw or "")[:1000])
    fields = set(SearchForm.base_fields) | {"page"}
    return urlencode([(k, v) for k, values in data.lists() if k in fields for v in values[:20]])


@require_POST
@seeker_required
def toggle(request, pk: int):
    vacancy = get_object_or_404(Vacancy, pk=pk)
    if not can_view_vacancy(request.user, vacancy):
        raise Http404
    if request.POST.get("action") == "unsave":
        do_unsave_vacancy(seeker=request.seeker, vacancy=vacancy)
        messages.success(request, _("관심공고에서 뺐습니다."))
    else:
        try:
            do_save_vacancy(seeker=request.seeker, vacancy=vacancy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("관심공고에 저장했습니다."))
    if request.POST.get("next") == reverse("vacancies:saved"):
        return redirect("vacancies:saved")
    back = back_query(request.POST.get("back"))
    return redirect(
        reverse("vacancies:detail", args=[pk]) + (f"?back={quote(back, safe='')}" if back else "")
    )


@require_GET
@seeker_required
def saved_list(request):
    rows = list(
        SavedVacancy.objects.filter(seeker=request.seeker).select_related(
            "vacancy__employer", "vacancy__work_region", "vacancy__employer__industrial_complex"
        )
    )
    return render(request, "vacancies/saved.html", {"rows": rows})
