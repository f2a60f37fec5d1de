from django.conf import settings

from .navigation import nav_groups, nav_items


def site(request):
    """The frame's data. Named ``service`` (not ``site``): Django's auth views put their own
    ``site`` (the request's host) in the context, which would win over ours on those pages."""
    items = nav_items(request)
    config = settings.ILJARI
    return {
        "service": {
            "name": config["SITE_NAME"],
            "center": config["CENTER_NAME"],
            "address": config["CENTER_ADDRESS"],
            "phone": config["CENTER_PHONE"],
            "hours": config["CENTER_HOURS"],
            "email": config["CENTER_EMAIL"],
        },
        "nav_items": items,
        "nav_groups": nav_groups(items),
    }
