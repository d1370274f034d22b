"""Wagtail's publish_scheduled, run in one transaction.

Wagtail publishes in a transaction but unpublishes expired pages without
one; run as a whole inside ``transaction.atomic()``, each change and its
webhook deliveries (webhooks.events) are saved together. A failure rolls the
run back, and the next minute's run does it again.
"""

from django.db import transaction
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand


class Command(WagtailCommand):
    def handle(self, *args, **options):
        with transaction.atomic():
            return super().handle(*args, **options)
