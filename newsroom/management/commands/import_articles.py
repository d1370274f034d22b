"""Import the old site's articles from a folder of exported pages."""

from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from newsroom.importer import (
    CREATED,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    ArticleImporter,
    Outcome,
    Refused,
    find_sources,
    read_article,
    source_name,
)
from newsroom.models import NewsIndexPage


def status_label(status):
    """The report's word for a status, in the active language."""
    return {
        CREATED: _("created"),
        UPDATED: _("updated"),
        UNCHANGED: _("unchanged"),
        SKIPPED: _("skipped"),
        REFUSED: _("refused"),
    }[status]


def find_section(value):
    """The NewsIndexPage named by its slug, its URL path or its id; CommandError if none."""
    value = value.strip()
    if value.isdigit():
        pages = Page.objects.filter(pk=int(value))
    elif "/" in value:
        parts = [part for part in value.split("/") if part]
        path = "/" + "".join(f"{part}/" for part in parts)
        url_paths = {path}
        for site in Site.objects.select_related("root_page"):
            url_paths.add(site.root_page.url_path.rstrip("/") + path)
        pages = Page.objects.filter(url_path__in=url_paths)
    else:
        pages = Page.objects.filter(slug=value)
    pages = list(pages.specific().order_by("path"))
    sections = [page for page in pages if isinstance(page, NewsIndexPage)]
    if len(sections) == 1:
        return sections[0]
    if len(sections) > 1:
        raise CommandError(
            _("--section %(section)s names several news sections (ids %(ids)s): give its id.")
            % {"section": value, "ids": ", ".join(str(page.pk) for page in sections)}
        )
    if pages:
        raise CommandError(
            _("--section %(section)s is “%(title)s”, a %(type)s, not a news section.")
            % {
                "section": value,
                "title": pages[0].title,
                "type": pages[0].specific_class._meta.verbose_name,
            }
        )
    raise CommandError(
        _(
            "No page matches --section %(section)s: give a news section's slug "
            "(tin-tuc), URL path (/tin-tuc/) or id."
        )
        % {"section": value}
    )


class Command(BaseCommand):
    """``import_articles FOLDER --section tin-tuc [--publish] [--dry-run] [--user U] [--force]``.

    Argument handling and the report only; reading the files is
    ``newsroom.importer.sources``' job and saving the pages ``newsroom.importer.pages``'.
    """

    help = (
        "Import articles of the old site from FOLDER (plain-text exports *.txt and saved "
        "pages *.html, *.htm, searched recursively) into a news section, as drafts unless "
        "--publish is given. Photos are imported when their file is in the folder. Running it "
        "again updates the pages whose file changed and leaves the others, and pages edited "
        "in the admin since, alone (unless --force). Prints one line per file and a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The folder of exported pages.")
        parser.add_argument(
            "--section",
            required=True,
            help="The news section to import into: its slug, URL path or page id.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages (default: drafts)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and report only; save nothing."
        )
        parser.add_argument(
            "--user", help="Username the revisions, log entries and images are attributed to."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also update pages edited in the admin since their import.",
        )

    def handle(self, folder, section, publish, dry_run, user, force, **options):
        if not folder.is_dir():
            raise CommandError(_("%(folder)s is not a folder.") % {"folder": folder})
        importer = ArticleImporter(
            find_section(section),
            user=self._user(user),
            publish=publish,
            force=force,
            dry_run=dry_run,
        )
        if dry_run:
            self.stdout.write(_("Dry run: nothing will be saved."))
        counts = Counter()
        for path in find_sources(folder):
            try:
                outcome = importer.save(read_article(path, folder))
            except Refused as refusal:
                outcome = Outcome(REFUSED, notes=[str(refusal)])
            counts[outcome.status] += 1
            self.stdout.write(self._line(source_name(path, folder), outcome))
        self.stdout.write(self._summary(counts))

    def _user(self, username):
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(_("No user named %(user)s.") % {"user": username})
        return user

    def _line(self, name, outcome):
        values = {"status": status_label(outcome.status), "file": name}
        if not outcome.notes:
            return _("%(status)s: %(file)s") % values
        values["notes"] = "; ".join(str(note) for note in outcome.notes)
        line = _("%(status)s: %(file)s (%(notes)s)") % values
        if outcome.status == REFUSED:
            return self.style.ERROR(line)
        if outcome.status == SKIPPED:
            return self.style.WARNING(line)
        return line

    def _summary(self, counts):
        return _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(skipped)d skipped, %(refused)d refused."
        ) % {status: counts[status] for status in (CREATED, UPDATED, UNCHANGED, SKIPPED, REFUSED)}
