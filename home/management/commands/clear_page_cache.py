"""Forget every page cached for anonymous readers, e.g. after restoring a backup."""

from django.core.management.base import BaseCommand

from site_project import page_cache


class Command(BaseCommand):
    help = "Forget every page cached for anonymous readers (the next reader gets it fresh)."

    def handle(self, *args, **options):
        page_cache.invalidate()
        self.stdout.write("Page cache cleared.")
