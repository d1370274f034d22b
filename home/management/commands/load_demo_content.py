"""Build the demo site: the page tree of the README with Vietnamese news, and an admin account."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Create the demo page tree (home, two news sections, announcements, partner links, "
        "about page) with images and documents, and an 'admin' account. Safe to run again: "
        "a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username",
            default="admin",
            help="Name of the administrator account (default: admin).",
        )

    def handle(self, *args, username, **options):
        report = DemoLoader().run()
        if report.changed:
            for kind, count in sorted(report.created.items()):
                self.stdout.write(f"  created {count} {kind}")
        else:
            self.stdout.write("Demo content already present: nothing to do.")
        self._admin_account(username)

    def _admin_account(self, username):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin account '{username}' already exists (password unchanged; "
                f"reset it with: python manage.py changepassword {username})."
            )
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\n  Admin account created. Log in at http://127.0.0.1:8000/admin/ with\n"
                f"    username: {username}\n    password: {password}\n"
            )
        )
