"""Work done on time rather than on request: scheduled publishing, and the scheduler's loop.

``publish_due`` is Wagtail's ``publish_scheduled`` with two differences: each
page is published or unpublished in a transaction of its own (with what is
written alongside: log entries, webhook deliveries), so one failure neither
undoes nor blocks the others; and it says what it did.

``run`` is the loop of ``manage.py run_scheduler``: one long-running process
instead of a Django started every minute by cron. Other apps add their own
periodic work with ``register``.
"""

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Job:
    name: str
    seconds: float
    function: Callable[[], object]
    due: float = 0.0


_jobs: dict[str, Job] = {}


def register(name: str, seconds: float, function: Callable[[], object]) -> None:
    """Have the scheduler call ``function`` every ``seconds`` (from an app's ``ready``)."""
    _jobs[name] = Job(name, seconds, function)


def jobs() -> list[Job]:
    return list(_jobs.values())


def _describe(obj: Any) -> str:
    if isinstance(obj, Page):
        return f"{obj.specific_class.__name__} {obj.pk} {obj.url_path!r} {obj.title!r}"
    return f"{type(obj).__name__} {obj.pk} {str(obj)!r}"


def publish_due(write: Callable[[str], object] = logger.info) -> int:
    """Unpublish what has expired, publish what is due; returns how many changes were made.

    Every change is tried; if some failed, the first error is raised once the
    others are done (the next run tries the failed ones again).
    """
    now = timezone.now()
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    errors = []
    done = 0
    for model in models:
        for obj in list(model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")):
            try:
                with transaction.atomic():
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            except DatabaseError as error:
                errors.append(error)
                write(f"Not unpublished (will retry): {_describe(obj)}: {error}")
                continue
            done += 1
            write(f"Unpublished, expired at {timezone.localtime(obj.expire_at):%Y-%m-%d %H:%M}: "
                  f"{_describe(obj)}")  # fmt: skip
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for revision in list(due):
        go_live = revision.approved_go_live_at
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except DatabaseError as error:
            errors.append(error)
            write(f"Not published (will retry): revision {revision.pk}: {error}")
            continue
        done += 1
        write(f"Published, scheduled for {timezone.localtime(go_live):%Y-%m-%d %H:%M}: "
              f"{_describe(revision.content_object)}")  # fmt: skip
    if errors:
        raise errors[0]
    return done


def run(stop: threading.Event, tick: float = 1.0) -> None:
    """Call every registered job when it is due, until ``stop`` is set.

    A job that fails (the database away, say) is logged in one line and tried
    again at its next turn; the loop itself never stops for it. The job under
    way when ``stop`` is set is finished first.
    """
    try:
        while not stop.is_set():
            now = time.monotonic()
            for job in jobs():
                if now < job.due or stop.is_set():
                    continue
                job.due = now + job.seconds
                close_old_connections()
                try:
                    job.function()
                except Exception as error:  # noqa: BLE001 - logged; tried again next time
                    logger.warning("Scheduled job %s failed: %s", job.name, error)
            stop.wait(tick)
    finally:
        connections.close_all()
