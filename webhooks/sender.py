"""Sending queued deliveries: one HTTP POST per attempt, retried with exponential back-off.

A 2xx marks the delivery delivered. Anything else (a timeout, a refused
connection, a 5xx, a 4xx, a redirect to another host) is a failed attempt:
the delivery waits WEBHOOK_RETRY_BASE_SECONDS × 2ⁿ⁻¹ (at most
WEBHOOK_RETRY_MAX_SECONDS) and is tried again, until WEBHOOK_MAX_ATTEMPTS
attempts have failed; it is then marked failed, for an administrator to see
and re-send.

Several workers may run at once: each claims a delivery for a while
(``locked_until``) with a conditional UPDATE before sending it, so no
delivery is sent twice at the same time, on PostgreSQL or SQLite.
"""

import dataclasses
import datetime
import random
import re
import time
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .models import WebhookDelivery
from .signing import signature
from .validators import DestinationRefused, check_destination

CONNECT_TIMEOUT_SECONDS = 3
RESPONSE_MAX_BYTES = 64 * 1024
RESPONSE_KEPT_CHARS = 1000
MAX_REDIRECTS = 3
USER_AGENT = "NewsroomCMS-Webhooks/1.0"


@dataclasses.dataclass
class Result:
    status_code: int | None = None
    error: str = ""
    response: str = ""

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


def _origin(url):
    parts = urlsplit(url)
    return (parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


class PinnedAdapter(HTTPAdapter):
    """Connects to ``address``, the one check_destination approved, whatever DNS says next.

    The URL's host name still goes in the Host header, in TLS's SNI and in the
    check of the receiver's certificate: only the address connected to is fixed.
    """

    def __init__(self, address, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        address = self.address

        class Pinned:
            def _new_conn(self):
                self._dns_host = address
                return super()._new_conn()

        class PinnedHTTP(Pinned, HTTPConnection):
            pass

        class PinnedHTTPS(Pinned, HTTPSConnection):
            pass

        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": PinnedHTTP}),
            "https": type(
                "PinnedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": PinnedHTTPS}
            ),
        }


def _session(address):
    """A session for one attempt: pinned to ``address``, proxies only if configured."""
    session = requests.Session()
    # HTTPS_PROXY and friends would send the request elsewhere than checked.
    session.trust_env = settings.WEBHOOK_TRUST_ENV_PROXIES
    if address is not None:
        for prefix in ("http://", "https://"):
            session.mount(prefix, PinnedAdapter(address))
    return session


def _read_capped(response, deadline):
    """At most RESPONSE_MAX_BYTES of the body, within the deadline; the rest is never read."""
    received = bytearray()
    for chunk in response.iter_content(chunk_size=8192):
        received += chunk
        if len(received) > RESPONSE_MAX_BYTES or time.monotonic() > deadline:
            break
    response.close()
    return bytes(received[:RESPONSE_KEPT_CHARS]).decode("utf-8", "replace")


def post(delivery):
    """Send ``delivery`` once; returns a Result. Never raises for the receiver's faults."""
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": str(delivery.delivery_id),
        "webhook-timestamp": timestamp,
        "webhook-signature": signature(
            delivery.endpoint.secret, delivery.delivery_id, timestamp, body
        ),
    }
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    url = delivery.endpoint.url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            with _session(check_destination(url)) as session:
                deadline = time.monotonic() + timeout
                response = session.post(
                    url,
                    data=body,
                    headers=headers,
                    timeout=(CONNECT_TIMEOUT_SECONDS, timeout),
                    allow_redirects=False,
                    stream=True,
                )
                text = _read_capped(response, deadline)
        except DestinationRefused as refusal:
            return Result(error=str(refusal))
        except requests.Timeout:
            return Result(error=_("no answer within %(seconds)d seconds") % {"seconds": timeout})
        except requests.ConnectionError as error:
            return Result(error=_("cannot connect: %(error)s") % {"error": _reason(error)})
        except requests.RequestException as error:
            return Result(error=str(error)[:500])
        if not response.is_redirect:
            problem = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
            return Result(status_code=response.status_code, error=problem, response=text)
        location = urljoin(url, response.headers.get("Location", ""))
        if response.status_code not in (307, 308):
            return Result(
                status_code=response.status_code,
                error=_("redirect %(code)d not followed: it would turn the POST into a GET")
                % {"code": response.status_code},
            )
        if _origin(location) != _origin(url):
            return Result(
                status_code=response.status_code,
                error=_("redirect to another host not followed: %(location)s")
                % {"location": location[:200]},
            )
        url = location
    return Result(error=_("too many redirects"))


def _reason(error):
    """The operating system's reason in a connection error, e.g. "Connection refused"."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    return match.group(1).strip() if match else text[:300]


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failure: doubling, capped, with a little jitter."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    delay = min(base, settings.WEBHOOK_RETRY_MAX_SECONDS)
    return delay * (1 + random.random() / 10)  # noqa: S311 - spreading retries, not a secret


def record(delivery, result):
    """Store the attempt's outcome and decide what happens next."""
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error[:500]
    delivery.last_response = result.response
    delivery.locked_until = None
    if result.ok:
        delivery.status = WebhookDelivery.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.FAILED
    else:
        delivery.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(delivery.attempts))
    delivery.save()


def _due(now):
    return (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.PENDING, next_attempt_at__lte=now, endpoint__enabled=True
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at", "pk")
    )


def claim(pk):
    """Take the delivery for this worker; False if another worker has it or it is not due."""
    now = timezone.now()
    lease = datetime.timedelta(
        seconds=(CONNECT_TIMEOUT_SECONDS + settings.WEBHOOK_TIMEOUT_SECONDS) * (MAX_REDIRECTS + 1)
        + 30
    )
    return _due(now).filter(pk=pk).update(locked_until=now + lease) == 1


def send_due(batch_size=20, log=None):
    """Send every delivery due now, each at most once; returns how many were attempted."""
    attempted = set()
    while True:
        due = list(
            _due(timezone.now()).exclude(pk__in=attempted).values_list("pk", flat=True)[:batch_size]
        )
        if not due:
            return len(attempted)
        for pk in due:
            attempted.add(pk)
            if not claim(pk):
                continue
            delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=pk)
            result = post(delivery)
            record(delivery, result)
            if log:
                log(delivery, result)


def resend(delivery):
    """Queue a failed (or delivered) delivery again, as a new series of attempts."""
    delivery.status = WebhookDelivery.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.locked_until = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "locked_until"])
