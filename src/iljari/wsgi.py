import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings")
application = get_wsgi_application()

from iljari.site import warmup  # noqa: E402 - needs the configured application

warmup.start()
