"""What the console's pages share: the posted data of a POST, and a safe place to go back to."""

from django.utils.http import url_has_allowed_host_and_scheme


def posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def form_errors(form) -> str:
    """A form's errors as one message line."""
    return " ".join(str(m) for errors in form.errors.values() for m in errors)
