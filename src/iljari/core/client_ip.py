"""The client's address, the one way every part of iljari reads it (lockout, access log, consent).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends the address it received the
request from to ``X-Forwarded-For``, so the client is the ``TRUSTED_PROXY_COUNT``-th entry from
the right. Entries further left were written by the client itself and are never trusted. With
no proxy (the default) it is the socket's peer, ``REMOTE_ADDR``. If the header has fewer entries
than there are proxies, or the entry is not an address, the request did not come the way the
settings say: ``REMOTE_ADDR`` is kept.
"""

import ipaddress

from django.conf import settings


def _normal(value: str | None) -> str | None:
    """A valid address in canonical form (IPv4-mapped IPv6 as IPv4), or None."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request) -> str | None:
    """The client's address for ``request`` (None without a request or a usable address)."""
    if request is None:
        return None
    meta = getattr(request, "META", {})
    peer = _normal(meta.get("REMOTE_ADDR"))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return peer
    forwarded = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return peer
    return _normal(forwarded[-proxies]) or peer
