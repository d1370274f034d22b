"""The address of the reader or editor, as the proxies in front of the site saw it.

Behind a proxy every request comes from the proxy's own address, so
``REMOTE_ADDR`` names the proxy, not the client. Each proxy in front appends
the address it was reached from to ``X-Forwarded-For``; with
``TRUSTED_PROXY_COUNT`` proxies (docker-compose.yml's nginx is one; a TLS
proxy or CDN before it makes two), the client is the leftmost of the last
``TRUSTED_PROXY_COUNT`` entries. Anything further left was written by the
client itself and is ignored: an attacker cannot pass for someone else.
With no trusted proxy (the default), ``REMOTE_ADDR`` is the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as a string (the sign-in throttle's AXES_CLIENT_IP_CALLABLE)."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if not chain:
        return remote
    candidate = chain[max(0, len(chain) - count)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy wrote something that is not an address: count it as the proxy's.
        return remote
