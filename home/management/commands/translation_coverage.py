"""How much of the admin an editor sees in Vietnamese, per Wagtail app and for the project."""

from collections import namedtuple
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DOMAINS = ("django", "djangojs")

# Where the strings of the screens an editor uses every day come from: login,
# dashboard, page explorer and editor, publishing and workflow actions, image
# and document choosers.
DAILY_SCREENS = (
    "templates/wagtailadmin/login",
    "templates/wagtailadmin/home",
    "templates/wagtailadmin/pages/",
    "templates/wagtailadmin/panels/",
    "templates/wagtailadmin/workflows/",
    "templates/wagtailimages/chooser/",
    "templates/wagtaildocs/chooser/",
    "admin/forms/auth.py",
    "admin/views/home.py",
    "admin/views/pages/",
    "admin/action_menu.py",
    "admin/ui/side_panels.py",
    "admin/wagtail_hooks.py",
    "images/views/chooser.py",
    "documents/views/chooser.py",
)

Row = namedtuple("Row", "name strings translated")


def load(path):
    return polib.pofile(str(path)) if path.exists() else None


def translated_keys(catalogue):
    keys = set()
    for entry in catalogue or []:
        text = entry.msgstr or entry.msgstr_plural.get(0, "")
        if text and "fuzzy" not in entry.flags:
            keys.add((entry.msgctxt, entry.msgid))
    return keys


class Command(BaseCommand):
    help = (
        "Count, for each installed Wagtail app and for the project, the strings of the "
        "admin and how many have a Vietnamese translation in effect (the project's "
        "catalogues or Wagtail's own). Fails below --minimum overall or --daily-minimum "
        "on the screens editors use every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", default="vi")
        parser.add_argument("--minimum", type=float, default=95.0, help="percent, overall")
        parser.add_argument(
            "--daily-minimum", type=float, default=100.0, help="percent, daily screens"
        )

    def handle(self, *args, language, minimum, daily_minimum, **options):
        project = {
            domain: set().union(
                *(
                    translated_keys(load(Path(p) / language / "LC_MESSAGES" / f"{domain}.po"))
                    for p in settings.LOCALE_PATHS
                )
            )
            for domain in DOMAINS
        }
        rows, daily = [], Row("daily screens", 0, 0)
        missing_daily = []
        for config in apps.get_app_configs():
            if not config.name.startswith("wagtail"):
                continue
            locale = Path(config.path) / "locale"
            strings = translated = 0
            for domain in DOMAINS:
                source = load(locale / "en" / "LC_MESSAGES" / f"{domain}.po")
                if source is None:
                    continue
                own = translated_keys(load(locale / language / "LC_MESSAGES" / f"{domain}.po"))
                in_effect = own | project[domain]
                for entry in source:
                    key = (entry.msgctxt, entry.msgid)
                    done = key in in_effect
                    strings += 1
                    translated += done
                    places = " ".join(path for path, _ in entry.occurrences)
                    if any(screen in places for screen in DAILY_SCREENS):
                        daily = Row(daily.name, daily.strings + 1, daily.translated + done)
                        if not done:
                            missing_daily.append(entry.msgid)
            if strings:
                rows.append(Row(config.name, strings, translated))

        own_catalogue = load(
            Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
        )
        own = [entry for entry in own_catalogue or [] if entry.msgid]
        rows.append(
            Row("project", len(own), sum((e.msgctxt, e.msgid) in project["django"] for e in own))
        )
        total = Row("total", sum(r.strings for r in rows), sum(r.translated for r in rows))

        self.stdout.write(f"{'':34}{'strings':>9}{'translated':>12}{'%':>8}")
        for row in [*rows, total, daily]:
            self.stdout.write(
                f"{row.name:34}{row.strings:>9}{row.translated:>12}{percent(row):>8.1f}"
            )
        for msgid in missing_daily[:20]:
            self.stdout.write(f"  missing on a daily screen: {msgid!r}")

        if percent(total) < minimum:
            raise CommandError(f"{percent(total):.1f} % translated, below {minimum} %")
        if percent(daily) < daily_minimum:
            raise CommandError(
                f"{percent(daily):.1f} % of the daily screens translated, below {daily_minimum} %"
            )


def percent(row):
    return 100.0 * row.translated / row.strings if row.strings else 100.0
