from iljari.core.views import service_details

from .navigation import nav_groups, nav_items


def site(request):
    """The frame's data. Named ``service`` (not ``site``): Django's auth views put their own
    ``site`` (the request's host) in the context, which would win over ours on those pages."""
    items = nav_items(request)
    return {"service": service_details(), "nav_items": items, "nav_groups": nav_groups(items)}
