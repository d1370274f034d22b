"""Send the queued webhook deliveries: a long-running worker, or one pass for cron."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from webhooks.sender import send_due


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due, retrying failures with back-off. Runs until "
        "stopped (SIGTERM or Ctrl-C finish the delivery under way first), or once with --once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Send what is due now, then stop (for cron)."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds between looks at the queue when it is empty (default 2).",
        )

    verbosity = 1

    def handle(self, once, interval, **options):
        self.verbosity = options["verbosity"]
        if once:
            self._pass()
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *args: stop.set())
        self.run_until(stop, interval)

    def run_until(self, stop, interval):
        """Loop until ``stop`` is set; also used by tests, in a thread."""
        try:
            while not stop.is_set():
                close_old_connections()
                if not self._pass():
                    stop.wait(interval)
        finally:
            connections.close_all()

    def _pass(self):
        return send_due(log=self._log if self.verbosity else None)

    def _log(self, delivery, result):
        outcome = "ok" if result.ok else result.error
        self.stdout.write(
            f"{delivery.get_status_display()}: {delivery.event} page {delivery.page_id} "
            f"→ {delivery.endpoint.url} (attempt {delivery.attempts}: {outcome})"
        )
