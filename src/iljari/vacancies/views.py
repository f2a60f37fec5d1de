"""Public pages: vacancy search, vacancy detail, an employer's public page; apply; CSV export."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from iljari.accounts.permissions import can_view_vacancy, has_capability
from iljari.employers.models import Employer, EmployerStatus

from . import saved, search_index
from .actions import do_apply
from .answer_cache import answer_key, get_answer, put_answer
from .cards import vacancy_cards
from .exporter import export_rows
from .filter_lists import LISTS, filter_lists, other_pairs
from .forms import ApplyForm, SearchForm, dong_choices
from .models import Application, Vacancy
from .pickers import PICKERS
from .search import SearchResults, attach_distances, search_queryset
from .search_body import render_search_body

PAGE_SIZE = 20
LIST_RELATED = ("employer", "work_region", "occupation", "employer__industrial_complex")
# what a result card shows (``_vacancy_cards.html``): read only these columns
CARD_RELATED = ("employer", "work_region", "employer__industrial_complex")
CARD_COLUMNS = (
    *("title", "employer_id", "work_region_id", "wage_type", "wage_amount", "shift", "employment_type"),
    *("closing_date", "commuter_bus", "dormitory", "meals", "foreigners_welcome", "lat", "lon"),
    *("employer__name", "employer__industrial_complex_id", "employer__industrial_complex__name"),
    *("work_region__sido", "work_region__sigungu", "work_region__emd"),
)


def _seeker_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "seeker", None) if hasattr(user, "seeker") else None


def page_window(page_obj, radius: int = 2) -> list[int | None]:
    """Page numbers around the current one, with None for a gap."""
    last = page_obj.paginator.num_pages
    current = page_obj.number
    shown = sorted({1, last, *range(max(1, current - radius), min(last, current + radius) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search page: the body (form, results, pages) is rendered — or taken from the answer
    cache — and the site's frame (navigation, CSRF token) is rendered around it for this visitor."""
    snapshot = search_index.current()
    key = answer_key("page", request, snapshot)
    body = get_answer(key)
    cache_state, status = "hit", 200
    context: dict = {}
    if body is None:
        cache_state = "miss"
        form = SearchForm(request.GET)
        valid = form.is_valid()
        if valid and form.needs_redirect():
            # a quick choice, a name-search match or the two-level pickers were used: show the
            # plain query string (occupation=8241) so the address can be shared and bookmarked
            query = urlencode(form.canonical_pairs())
            return redirect(f"{request.path}?{query}" if query else request.path)
        context = _search_context(request, form, snapshot)
        body = render_search_body(context)  # nothing per visitor
        if valid:
            put_answer(key, body)
        else:
            status = 400
    body_html = mark_safe(body)  # noqa: S308 - our own rendering
    # the body's context goes along, unused by the frame: tests read what the page showed from it
    response = render(request, "vacancies/search.html", {**context, "body": body_html}, status=status)
    response["X-Search-Cache"] = cache_state
    return response


@require_GET
def filter_list(request: HttpRequest, kind: str) -> HttpResponse:
    """One of the search page's long lists (pickers' two-level selects, the place) on demand: its
    fields alone for htmx, else a page whose form carries the search's other conditions."""
    if kind not in LISTS:
        raise Http404
    form = SearchForm(request.GET)
    form.is_valid()  # settles the pickers' choice; errors show next to their fields
    context = {"form": form, "kind": kind}
    if getattr(request, "htmx", False):
        # the list takes the place of its link: the keyboard goes on in its first field
        form.fields[LISTS[kind][0][0]].widget.attrs["autofocus"] = True
        response = render(request, f"vacancies/_list_{kind}.html", context)
        patch_vary_headers(response, ("HX-Request",))
        return response
    fields, label, _open = LISTS[kind]
    context.update(
        title=label,
        hidden=other_pairs(form, kind),
        back_url=reverse("vacancies:search") + (f"?{form.querystring()}" if not form.errors else ""),
        list_template=f"vacancies/_list_{kind}.html",
    )
    response = render(request, "vacancies/filter_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


MAX_RELAXATIONS = 4


@dataclass(frozen=True)
class Relaxation:
    label: str
    query: str  # the query string of the relaxed search
    count: int


def relaxations(form: SearchForm, snapshot) -> list[Relaxation]:
    """For an empty result: the nearest searches that find something, with their counts — the
    place widened to its neighbours first, then each condition left out."""
    pairs = form.canonical_pairs(keep_page=False)
    candidates: list[tuple[str, str]] = []
    region_given = form.reading.places() or len(form.cleaned_data.get("region") or "") >= 5
    if region_given and not form.cleaned_data.get("near"):
        candidates.append((_("인접 지역까지 넓혀 보기"), urlencode([*pairs, ("near", "on")])))
    for chip in form.active_filters():
        label = _("‘%(value)s’ 빼고 찾기") % {"value": chip.value}
        candidates.append((label, chip.remove_query))
    out: list[Relaxation] = []
    for label, query in candidates:
        relaxed = SearchForm(QueryDict(query))
        if not relaxed.is_valid():
            continue
        count, _ids = search_index.search(relaxed.params(), 0, 0, snapshot)
        if count:
            out.append(Relaxation(label, query, count))
    first = out[:1] if out and candidates and out[0].label == candidates[0][0] and region_given else []
    rest = sorted((r for r in out if r not in first), key=lambda r: -r.count)
    return (first + rest)[:MAX_RELAXATIONS]


def _search_context(request, form: SearchForm, snapshot) -> dict:
    """The search body's context: the form, and the page of results when the form is valid."""
    page_obj = None
    origin = None
    cards = SafeString("")
    valid = form.is_valid()
    if valid:
        params = form.params()
        origin = params.origin
        # sliceable and countable, like a queryset
        number = form.cleaned_data.get("page") or 1
        window = ((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
        results = SearchResults(params, CARD_RELATED, snapshot, only=CARD_COLUMNS, window=window)
        paginator: Paginator[Vacancy] = Paginator(results, PAGE_SIZE)  # type: ignore[arg-type]
        page_obj = paginator.get_page(number)
        attach_distances(page_obj.object_list, origin)
        cards = vacancy_cards(page_obj.object_list, urlencode(form.canonical_pairs()))
    return {
        "back_query": urlencode(form.canonical_pairs()) if valid else "",
        "reading": form.reading if valid else None,
        "relaxations": relaxations(form, snapshot)
        if page_obj is not None and not page_obj.paginator.count
        else [],
        "form": form,
        "check_groups": [form["shift"], form["employment_type"]],
        "work_conditions": [form["commuter_bus"], form["dormitory"], form["closing_soon"]],
        "page_obj": page_obj,
        "cards": cards,
        "pages": page_window(page_obj) if page_obj else [],
        "querystring": form.querystring() if valid else "",
        "origin": origin,
        "active_filters": form.active_filters() if valid else [],
        "occupation_matches": form.occupation_picker.match_context(form.raw("occupation_q")),
        "industry_matches": form.industry_picker.match_context(form.raw("industry_q")),
        "lists": filter_lists(form),
        "filters_open": bool(form.errors)
        or any(k not in ("q", "page", "sort") and v for k, v in request.GET.items()),
    }


@require_GET
def dongs(request):
    """htmx: the 읍면동 options of one 시군구."""
    code = request.GET.get("region") or request.GET.get("sigungu") or ""
    options = dong_choices(code[:10])
    return render(request, "vacancies/_dong_options.html", {"options": options})


def _picker_for(request, suffix: str):
    """The picker whose parameter (``occupation_group``, ``industry_q`` …) the request carries."""
    for kind, picker_class in PICKERS.items():
        if f"{kind}{suffix}" in request.GET:
            return picker_class, (request.GET.get(f"{kind}{suffix}") or "")[:30]
    return None, ""


@require_GET
def picker_options(request):
    """htmx: the detail options (KECO 소분류/세분류, KSIC 중분류/소분류) of the chosen group."""
    picker_class, group = _picker_for(request, "_group")
    if picker_class is None:
        return HttpResponse("")
    picker = picker_class(group)
    picker.resolve(group=picker.normalise(group), detail="", pick=None)  # unknown → no group
    return HttpResponse(picker.render_details())


@require_GET
def picker_matches(request):
    """htmx: occupations or industries whose name (or job title) holds the typed words."""
    picker_class, q = _picker_for(request, "_q")
    if picker_class is None:
        return HttpResponse("")
    return render(request, "vacancies/_picker_matches.html", picker_class().match_context(q))


def _detail_context(request, vacancy, form=None):
    seeker = _seeker_of(request.user)
    application = None
    if seeker is not None:
        application = Application.objects.filter(seeker=seeker, vacancy=vacancy).first()
    back = saved.back_query(request.GET.get("back") or request.POST.get("back"))
    share_url = request.build_absolute_uri(reverse("vacancies:detail", args=[vacancy.pk]))
    return {
        "back": back,
        "back_url": reverse("vacancies:search") + (f"?{back}" if back else ""),
        "saved": saved.is_saved(seeker, vacancy),
        "share_url": share_url,
        "share_text": f"{vacancy.title} ({vacancy.employer.name}) {share_url}",
        "vacancy": vacancy,
        "seeker": seeker,
        "application": application,
        "can_apply": seeker is not None and vacancy.is_open and application is None,
        "form": form or ApplyForm(),
        "required_qualifications": list(vacancy.required_qualifications.all()),
        "preferred_qualifications": list(vacancy.preferred_qualifications.all()),
    }


def _visible_vacancy(request, pk: int) -> Vacancy:
    vacancy = get_object_or_404(Vacancy.objects.select_related(*LIST_RELATED, "employer__industry"), pk=pk)
    if not can_view_vacancy(request.user, vacancy):
        raise Http404
    return vacancy


@require_GET
def detail(request, pk: int):
    vacancy = _visible_vacancy(request, pk)
    return render(request, "vacancies/detail.html", _detail_context(request, vacancy))


@require_GET
def detail_print(request, pk: int):
    """The vacancy on paper: its facts and whom to call, without the site's menus."""
    vacancy = _visible_vacancy(request, pk)
    return render(request, "vacancies/print.html", _detail_context(request, vacancy))


@require_POST
def apply(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.build_absolute_uri(request.path.replace("apply/", "")))
    vacancy = _visible_vacancy(request, pk)
    seeker = _seeker_of(request.user)
    if seeker is None or not has_capability(request.user, "apply"):
        raise PermissionDenied(_("구직자 회원만 지원할 수 있습니다."))
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            do_apply(seeker=seeker, vacancy=vacancy, message=form.cleaned_data["message"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("지원이 접수되었습니다. 진행 상황은 '내 지원 현황'에서 볼 수 있습니다.")
            )
            return redirect("referrals:seeker_applications")
    context = _detail_context(request, vacancy, form)
    return render(request, "vacancies/detail.html", context, status=400)


@require_GET
def employer_page(request, pk: int):
    employer = get_object_or_404(
        Employer.objects.select_related("industry", "region", "industrial_complex"),
        pk=pk,
        status=EmployerStatus.APPROVED,
    )
    from .search import open_vacancies

    vacancies = list(
        open_vacancies()
        .filter(employer=employer)
        .select_related(*LIST_RELATED)
        .order_by("closing_date", "-id")[:50]
    )
    context = {"employer": employer, "vacancies": vacancies, "cards": vacancy_cards(vacancies)}
    return render(request, "vacancies/employer.html", context)


@require_GET
def export_csv(request):
    """The open vacancies matching the search filters as CSV (UTF-8 with BOM, opens in Excel)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    qs = search_queryset(form.params()).select_related(*LIST_RELATED)
    response = StreamingHttpResponse(export_rows(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vacancies.csv"'
    return response


@login_required
def import_page(request):
    """Upload a 고용24 XML: the import runs as a background job and its page shows the report."""
    from .jobkinds import can_import, do_start_import

    if not can_import(request.user):
        raise PermissionDenied(_("공고를 가져올 권한이 없습니다."))
    errors: list[str] = []
    if request.method == "POST":
        try:
            job, created = do_start_import(
                upload=request.FILES.get("file"),
                actor=request.user,
                notify_email=request.POST.get("notify_email") == "1",
            )
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            if not created:
                messages.info(request, _("진행 중인 가져오기가 있습니다. 끝난 뒤 다시 올려 주세요."))
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "vacancies/import.html", {"errors": errors}, status=422 if errors else 200)
