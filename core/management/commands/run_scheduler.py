"""The site's clock: scheduled publishing and the other periodic work, in one long-running process.

What it does is logged (the site's log, on standard error): every page it
publishes or unpublishes, and every job that fails, in one line.
"""

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from core import scheduling
from core.page_cache import apply_pending_invalidations


class Command(BaseCommand):
    help = (
        "Publish and unpublish pages on time, apply cache invalidations Redis missed, and run the "
        "site's other periodic work, until stopped (SIGTERM or Ctrl-C finish the job under way)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--publish-every",
            type=float,
            default=settings.SCHEDULER_PUBLISH_SECONDS,
            help="Seconds between looks for pages to publish or unpublish (default %(default)s).",
        )

    def handle(self, publish_every: float, **options: Any) -> None:
        scheduling.register("publish", publish_every, scheduling.publish_due)
        scheduling.register("cache-invalidations", 2.0, apply_pending_invalidations)
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *args: stop.set())
        self.stdout.write(
            f"Scheduler started: publishing every {publish_every:g} s, "
            f"jobs: {', '.join(job.name for job in scheduling.jobs())}."
        )
        scheduling.run(stop)
        self.stdout.write("Scheduler stopped.")
