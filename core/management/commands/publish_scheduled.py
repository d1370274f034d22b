"""Publish the pages whose time has come and unpublish the expired ones, once (for cron).

Replaces Wagtail's command of the same name: each page changes in a
transaction of its own, with what is written alongside it (log entries,
webhook deliveries), and every change is printed. ``run_scheduler`` does the
same every few seconds without restarting Django.
"""

from typing import Any

from django.core.management.base import BaseCommand

from core.scheduling import publish_due


class Command(BaseCommand):
    help = "Publish the pages whose go-live time has come and unpublish expired ones, once."

    def handle(self, *args: Any, **options: Any) -> None:
        done = publish_due(write=self.stdout.write)
        if options["verbosity"] > 1 or done:
            self.stdout.write(f"{done} scheduled change(s) made.")
