"""Where webhooks may be sent: public https addresses, or http to hosts allowed by name.

A target is refused when it is not http(s), carries credentials, or points
at this machine or an internal network (loopback, private, link-local,
reserved addresses, "localhost"), unless its host is listed in
WEBHOOK_HTTP_ALLOWED_HOSTS. The same rules are checked again, on the
addresses the name resolves to, before every request (``check_destination``).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 2000
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def _allowed_hosts():
    return {host.lower() for host in settings.WEBHOOK_HTTP_ALLOWED_HOSTS}


def _is_internal_address(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _is_internal_name(host):
    return host == "localhost" or host.endswith(INTERNAL_SUFFIXES) or "." not in host


def validate_target_url(url):
    """Raise ValidationError, in the editor's language, if ``url`` may not receive webhooks."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(
            _("The address is too long (at most %(limit)d characters).") % {"limit": MAX_URL_LENGTH}
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("This is not a valid web address.")) from None
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            _(
                "Only https:// addresses are accepted "
                "(http:// only for the hosts in WEBHOOK_HTTP_ALLOWED_HOSTS)."
            )
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _(
                "The address must not contain a user name or password: "
                "put the secret in the Secret field."
            )
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError(_("The address has no host name."))
    if port == 0:
        raise ValidationError(_("This is not a valid web address."))
    allowed = host in _allowed_hosts()
    if parts.scheme == "http" and not allowed:
        raise ValidationError(
            _("http:// is only accepted for the hosts in WEBHOOK_HTTP_ALLOWED_HOSTS; use https://.")
        )
    if not allowed:
        try:
            internal = _is_internal_address(host)
        except ValueError:
            internal = _is_internal_name(host)
        if internal:
            raise ValidationError(
                _(
                    "%(host)s is an address of this machine or an internal network; "
                    "add it to WEBHOOK_HTTP_ALLOWED_HOSTS if it really should receive webhooks."
                )
                % {"host": host}
            )


class DestinationRefused(Exception):
    """The target may not be contacted now; the message says why."""


def check_destination(url):
    """Check ``url`` again just before a request; returns the address to connect to.

    The host is resolved here, once, and every address it resolves to is
    checked; the request must then go to the address returned (the sender
    pins it), never to what a second lookup would answer: a name that
    resolves to a public address for the check and to an internal one for the
    request (DNS rebinding) reaches nothing. Hosts of WEBHOOK_HTTP_ALLOWED_HOSTS
    are trusted whatever they resolve to; None is returned for them.
    """
    try:
        validate_target_url(url)
    except ValidationError as error:
        raise DestinationRefused(" ".join(error.messages)) from None
    parts = urlsplit(url)
    host = parts.hostname.lower()
    if host in _allowed_hosts():
        return None
    try:
        resolved = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
        addresses = [info[4][0] for info in resolved]
    except OSError as error:
        raise DestinationRefused(
            _("cannot resolve %(host)s: %(error)s") % {"host": host, "error": error}
        ) from None
    for address in addresses:
        if _is_internal_address(address.split("%")[0]):
            raise DestinationRefused(
                _("%(host)s resolves to an internal address (%(address)s)")
                % {"host": host, "address": address}
            )
    if not addresses:
        raise DestinationRefused(_("cannot resolve %(host)s: no address") % {"host": host})
    return addresses[0]
