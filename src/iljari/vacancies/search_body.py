"""The search page's body (form, reading, chosen conditions, results, pages), rendered in Python.

Through the template engine the body cost more server CPU than everything else on an uncached
search (hundreds of nodes, a context push per include, a lookup per variable), so it is built
here the way the result cards and the widgets are: every value escaped (``conditional_escape``,
as the templates' autoescaping does), the texts through gettext with the templates' msgids, the
fields through their ``BoundField`` (ids, ``aria-describedby``, errors as Django renders them).
The markup is what ``_search_body.html`` with its includes (quick choices, pickers, the lazy
lists, pagination) produced, byte for byte. The rare parts keep their templates: a long list
shown inline next to an error (``_list_<kind>.html``) and a name search's matches
(``_picker_matches.html``, also htmx's answer).
"""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iljari.core.links import link

from .filter_lists import FilterList


def e(value: Any) -> str:
    """A value as ``{{ value }}`` shows it (escaped unless safe)."""
    return str(conditional_escape(value))


def _quick_picks(picker, title: Any, size: str = "medium") -> str:
    choices = picker.quick_choices()
    if not choices:
        return "\n"
    kind = e(picker.kind)
    items = "".join(
        f'<li><button type="submit" class="krds-btn-tag quick-pick" name="{kind}_pick" '
        f'value="{"" if c.pressed else e(c.code)}" aria-pressed="{"true" if c.pressed else "false"}">'
        f"{e(c.label)}</button></li>\n    "
        for c in choices
    )
    return (
        f'\n<div class="quick-picks" role="group" aria-labelledby="quick-{kind}-title">\n'
        f'  <p class="quick-title" id="quick-{kind}-title">{e(title)} '
        f'<span class="quick-hint">{e(_("누르면 바로 찾습니다"))}</span></p>\n'
        f'  <ul class="krds-tag-wrap {e(size)} quick-list">\n    {items}\n  </ul>\n</div>\n\n'
    )


def _lazy_list(lst: FilterList) -> str:
    kind = e(lst.kind)
    hidden = "".join(f'<input type="hidden" name="{e(n)}" value="{e(v)}">' for n, v in lst.hidden)
    chosen = e(lst.chosen) if lst.chosen else e(_("전체"))
    url = e(lst.url)
    return (
        f'<div class="lazy-list" id="{kind}-list">\n  {hidden}\n'
        f'  <p class="lazy-chosen"><span class="lazy-label">{e(lst.label)}</span> <strong>{chosen}</strong></p>\n'
        f'  <a class="krds-btn small secondary lazy-open" href="{url}" hx-get="{url}" '
        f'hx-target="#{kind}-list" hx-swap="outerHTML">{e(lst.open_label)}</a>\n</div>\n'
    )


def _list(form, lst: FilterList) -> str:
    """A long list: inline (its template, next to an error) or its link with the chosen values."""
    return render_to_string(lst.template, {"form": form}) if lst.inline else _lazy_list(lst)


def _help_and_errors(field, indent: str) -> str:
    out = ""
    if field.help_text:
        out += f'<p class="form-hint" id="{e(field.auto_id)}_helptext">{e(field.help_text)}</p>'
    out += f"\n{indent}"
    if field.errors:
        out += f'<div class="form-errors" id="{e(field.auto_id)}_error">{e(field.errors)}</div>'
    return out


def _errors(field) -> str:
    return f'<div class="form-errors">{e(field.errors)}</div>' if field.errors else ""


def _field(field) -> str:
    """``_field.html``: label, widget, hint and errors."""
    return (
        f'<div class="form-group">\n  <label for="{e(field.id_for_label)}">{e(field.label)}</label>\n'
        f"  {e(field)}\n  {_help_and_errors(field, '  ')}\n</div>\n"
    )


def _matches(matches: dict) -> str:
    if not matches["status"] and not matches["matches"]:
        return "\n\n"
    return render_to_string(
        "vacancies/_picker_matches.html",
        {"kind": matches["kind"], "status": matches["status"], "matches": matches["matches"]},
    )


def _picker(form, picker, lst: FilterList, name_q, matches: dict, quick_title: Any = None) -> str:
    kind = e(picker.kind)
    return (
        f'<fieldset class="picker" id="{kind}-picker">\n'
        f'  <legend class="form-tit">{e(picker.field_label)}</legend>\n'
        f"  {_quick_picks(picker, quick_title) if quick_title else ''}\n"
        f"  {_list(form, lst)}\n"
        f'  <div class="form-group name-search">\n'
        f'    <label for="{e(name_q.id_for_label)}">{e(name_q.label)}</label>\n'
        f'    <div class="name-search-row">\n      {e(name_q)}\n'
        f'      <button type="submit" class="krds-btn medium secondary">{e(_("찾기"))}</button>\n'
        f"    </div>\n    {_help_and_errors(name_q, '    ')}\n"
        f'    <div id="{kind}-matches" class="matches" aria-live="polite">{_matches(matches)}</div>\n'
        f"  </div>\n</fieldset>\n"
    )


def _form(ctx: dict, search_url: str) -> str:
    form, lists = ctx["form"], ctx["lists"]
    q = form["q"]
    q_errors = f'<div class="form-errors" id="{e(q.auto_id)}_error">{e(q.errors)}</div>' if q.errors else ""
    n = len(ctx["active_filters"])
    count = (
        f' <span class="filters-count">{ngettext("%(n)s개 적용 중", "%(n)s개 적용 중", n) % {"n": n}}</span>'
        if n
        else ""
    )
    near = form["near"]
    checks = "".join(
        f'\n      <fieldset class="form-group">\n        <legend class="form-tit">{e(f.label)}</legend>\n'
        f'        <div class="krds-check-area">{e(f)}</div>\n'
        f"        {_errors(f)}\n"
        f"      </fieldset>\n      "
        for f in ctx["check_groups"]
    )
    conditions = "".join(
        f'\n          <div class="krds-form-check">{e(f)}<label for="{e(f.id_for_label)}">{e(f.label)}</label></div>\n          '
        for f in ctx["work_conditions"]
    )
    return (
        f'<form method="get" action="{search_url}" class="job-search" role="search" novalidate>\n'
        f'  <div class="search-bar">\n    <label for="{e(q.id_for_label)}" class="sr-only">{e(q.label)}</label>\n'
        f'    {e(q)}\n    <button type="submit" class="krds-btn large primary">{e(_("검색"))}</button>\n  </div>\n'
        f"  {q_errors}\n"
        f"  {_quick_picks(form.occupation_picker, _('자주 찾는 직종'), 'large')}\n"
        f'  <details class="filters"{" open" if ctx["filters_open"] else ""}>\n'
        f"    <summary>{e(_('상세 조건'))}{count}</summary>\n"
        f'    <div class="picker-grid">\n'
        f"      {_picker(form, form.occupation_picker, lists['occupation'], form['occupation_q'], ctx['occupation_matches'])}\n"
        f"      {_picker(form, form.industry_picker, lists['industry'], form['industry_q'], ctx['industry_matches'], _('뿌리산업 업종'))}\n"
        f"    </div>\n"
        f'    <div class="filter-grid">\n'
        f'      <fieldset class="form-group place-picker"><legend class="form-tit">{e(_("지역"))}</legend>\n'
        f"        {_list(form, lists['place'])}\n"
        f'        <p class="form-hint">{e(_("내 동네(읍면동)를 고르면 거리를 보여 드립니다."))}</p>\n'
        f"      </fieldset>\n"
        f'      <div class="form-group"><div class="krds-form-check">{e(near)}<label for="{e(near.id_for_label)}">'
        f'{e(near.label)}</label></div><p class="form-hint">'
        f"{e(_('고른 지역이나 검색어의 지역과 가까운 시군구까지 찾습니다.'))}</p></div>\n"
        f"      {_field(form['max_km'])}\n      {_field(form['wage_min'])}\n      {_field(form['sort'])}\n"
        f"    </div>\n"
        f'    <div class="filter-grid">\n      {checks}\n'
        f'      <fieldset class="form-group">\n        <legend class="form-tit">{e(_("근무 조건"))}</legend>\n'
        f'        <div class="krds-check-area">\n          {conditions}\n        </div>\n      </fieldset>\n'
        f"    </div>\n"
        f'    <div class="actions"><button type="submit" class="krds-btn medium primary">{e(_("조건 적용"))}</button>\n'
        f'      <a class="krds-btn medium tertiary" href="{search_url}">{e(_("조건 초기화"))}</a></div>\n'
        f"  </details>\n</form>\n"
    )


def _reading_and_chips(ctx: dict, search_url: str) -> str:
    out = ""
    reading = ctx["reading"]
    if reading and reading.understood:
        text = f" · {e(_('검색어'))} ‘{e(reading.text)}’" if reading.text else ""
        out += (
            f'\n<p class="query-reading" id="query-reading">{e(_("검색어를 이렇게 읽었습니다"))}: '
            f"<strong>{e(reading.summary())}</strong>{text}</p>\n"
        )
    out += "\n"
    chips = ctx["active_filters"]
    if chips:
        items = "".join(
            f'<li class="krds-btn-tag active-filter"><span class="chip-text"><span class="chip-label">{e(c.label)}</span> '
            f'<strong class="chip-value">{e(c.value)}</strong></span><a class="chip-remove" href="{search_url}'
            f'{"?" + e(c.remove_query) if c.remove_query else ""}"><span aria-hidden="true">✕</span>'
            f'<span class="sr-only">{_("%(label)s ‘%(value)s’ 조건 지우기") % {"label": e(c.label), "value": e(c.value)}}'
            f"</span></a></li>\n    "
            for c in chips
        )
        clear = (
            f'<a class="clear-all" href="{search_url}">{e(_("조건 모두 지우기"))}</a>'
            if len(chips) > 1
            else ""
        )
        out += (
            f'\n<div class="active-filters">\n'
            f'  <p class="active-filters-title" id="active-filters-title">{e(_("적용한 조건"))}</p>\n'
            f'  <ul class="krds-tag-wrap medium" aria-labelledby="active-filters-title">\n    {items}\n  </ul>\n'
            f"  {clear}\n</div>\n"
        )
    return out + "\n"


def _pagination(page_obj, pages: list, querystring: str, label: str) -> str:
    """``frame/_pagination.html`` (KRDS): 이전 · n / total쪽 · 다음 and the numbers around."""
    qs = e(querystring)
    prev_label, page_word = e(_("이전")), e(_("쪽"))
    if page_obj.has_previous():
        prev = (
            f'<a class="page-navi prev" href="?{qs}&amp;page={page_obj.previous_page_number()}">'
            f'{prev_label}<span class="sr-only"> {page_word}</span></a>'
        )
    else:
        prev = f'<span class="page-navi prev disabled" aria-hidden="true">{prev_label}</span>'
    status = _("%(n)s / %(total)s 쪽") % {"n": page_obj.number, "total": page_obj.paginator.num_pages}
    links = []
    for n in pages:
        if n is None:
            links.append(
                f'<span class="page-link link-dot"><span class="sr-only">{e(_("쪽 생략"))}</span></span>'
            )
        elif n == page_obj.number:
            links.append(
                f'<a class="page-link active" href="?{qs}&amp;page={n}" aria-current="page">'
                f'<span class="sr-only">{e(_("현재 쪽"))} </span>{n}</a>'
            )
        else:
            links.append(f'<a class="page-link" href="?{qs}&amp;page={n}">{n}</a>')
    next_label = e(_("다음"))
    if page_obj.has_next():
        after = (
            f'<a class="page-navi next" href="?{qs}&amp;page={page_obj.next_page_number()}">'
            f'{next_label}<span class="sr-only"> {page_word}</span></a>'
        )
    else:
        after = f'<span class="page-navi next disabled" aria-hidden="true">{next_label}</span>'
    return (
        f'\n<nav class="krds-pagination site-pagination" aria-label="{e(label)}">\n  {prev}\n'
        f'  <span class="page-status">{status}</span>\n  <div class="page-links">\n    {"".join(links)}\n  </div>\n'
        f"  {after}\n</nav>\n"
    )


def _results(ctx: dict, search_url: str) -> str:
    page_obj = ctx["page_obj"]
    if page_obj is None:
        form = ctx["form"]
        errors = "".join(f"<p>{e(field.label)}: {e(error)}</p>" for field in form for error in field.errors)
        return (
            f'\n  <h2 id="results-title">{e(_("검색 조건을 확인해 주세요"))}</h2>\n'
            f'  <div class="form-errors" role="alert">{e(form.non_field_errors())}{errors}</div>\n  '
        )
    count = page_obj.paginator.count
    title = ngettext("검색 결과 %(n)s건", "검색 결과 %(n)s건", count) % {
        "n": e(intcomma(count)),
        "counter": count,
    }
    origin = (
        f'<p class="muted">{e(_("고른 동네에서 근무지까지의 직선거리를 보여 드립니다."))}</p>'
        if ctx["origin"]
        else ""
    )
    out = (
        f'\n  <div class="results-head">\n    <h2 id="results-title">{title}</h2>\n'
        f'    <a class="krds-btn small secondary" href="{e(link("vacancies:export_csv"))}?{e(ctx["querystring"])}">'
        f"{e(_('CSV로 내려받기'))}</a>\n  </div>\n  {origin}\n  "
    )
    if page_obj.object_list:
        pages = (
            f"\n  {_pagination(page_obj, ctx['pages'], ctx['querystring'], _('검색 결과 쪽 이동'))}\n  "
            if page_obj.paginator.num_pages > 1
            else ""
        )
        return (
            out
            + f'\n  <ul class="card-list" id="search-results">\n    {e(ctx["cards"])}\n  </ul>\n  {pages}\n  \n  '
        )
    relaxations = ""
    if ctx["relaxations"]:
        items = "".join(
            f'<li><a class="krds-btn secondary small" href="{search_url}{"?" + e(r.query) if r.query else ""}">'
            f'{e(r.label)} <span class="count">({_("%(n)s건") % {"n": e(intcomma(r.count))}})</span></a></li>'
            for r in ctx["relaxations"]
        )
        relaxations = (
            f"\n    <p>{e(_('이렇게 찾으면 공고가 있습니다'))}:</p>\n"
            f'    <ul class="relaxations" id="relaxations">\n      {items}\n    </ul>\n    '
        )
    return out + (
        f'\n  <div class="no-results" id="no-results">\n'
        f"    <p><strong>{e(_('조건에 맞는 공고가 없습니다.'))}</strong> {e(_('검색어를 줄이거나 조건을 풀어 보세요.'))}</p>\n"
        f"    {relaxations}\n  </div>\n  \n  "
    )


def render_search_body(ctx: dict) -> str:
    """The body for ``views._search_context``'s context."""
    search_url = e(link("vacancies:search"))
    return (
        f"\n<h1>{e(_('일자리 찾기'))}</h1>\n"
        f"{_form(ctx, search_url)}\n"
        f"{_reading_and_chips(ctx, search_url)}\n"
        f'<section aria-labelledby="results-title" class="results">\n  {_results(ctx, search_url)}\n</section>\n'
    )
