"""Forget every page cached for anonymous readers, e.g. after restoring a backup."""

from typing import Any

from django.core.management.base import BaseCommand

from core import page_cache


class Command(BaseCommand):
    help = "Forget every page cached for anonymous readers (the next reader gets it fresh)."

    def handle(self, *args: Any, **options: Any) -> None:
        page_cache.invalidate()
        if page_cache.cache_available():
            self.stdout.write("Page cache cleared.")
        else:
            self.stdout.write(
                "The cache cannot be reached: it will be cleared as soon as it answers again."
            )
