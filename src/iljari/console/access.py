"""Capability checks of the console, built on iljari.accounts.permissions."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability


def require(capability: str):
    """Decorator: the signed-in user must have ``capability`` (else 403)."""

    def decorator(view):
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied(_("상담사 업무 화면은 일자리센터 직원만 이용할 수 있습니다."))
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator
