"""A confirmation step for actions that cannot be undone, working without JavaScript.

The action's form posts as before; the view asks ``confirmation(...)`` first. Without
``confirm=yes`` in the POST it answers a page that says what will happen, with a form that sends
the same fields again plus ``confirm=yes``, and a way back. With it, the view goes on.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def confirmed(request) -> bool:
    return request.POST.get("confirm") == "yes"


def confirmation(
    request,
    *,
    title: str,
    question: str,
    consequences: list[str],
    confirm_label: str,
    back_url: str,
    back_label: str = "",
) -> HttpResponse | None:
    """None when the person has confirmed; otherwise the confirmation page to answer with."""
    if confirmed(request):
        return None
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", "confirm")
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "question": question,
        "consequences": consequences,
        "confirm_label": confirm_label,
        "back_url": back_url,
        "back_label": back_label or _("돌아가기"),
        "fields": fields,
        "action": request.get_full_path(),
    }
    return render(request, "frame/confirm.html", context)
