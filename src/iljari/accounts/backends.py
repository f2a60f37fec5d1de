"""Login lockout (django-axes) in front of Django's ModelBackend.

A sign-in through a page or the API carries a request and is counted and checked against the
lockout. Authentication without a request (the test client's ``login()``, management
scripts) has nothing to count by address and is passed on to the next backend.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
