"""News pages from parsed articles: created once, updated when their file changes.

A page remembers the file it came from (``import_source``). Importing the
folder again finds it there and saves a new revision only when the text
differs, and never over an editor's work unless told to (``force``): a page
whose latest revision is not one the importer saved for the same user is left
alone.
"""

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from core.slugs import vietnamese_slugify
from newsroom.models import NewsPage

from .article import Figure, Heading, Paragraph, shorten
from .images import ImageRefused, create_image, existing_image

CREATED, UPDATED, UNCHANGED, SKIPPED, REFUSED = (
    "created", "updated", "unchanged", "skipped", "refused"
)  # fmt: skip
HEADING_MAX_LENGTH = 255  # HeadingBlock.text
CAPTION_MAX_LENGTH = 500  # CaptionedImageBlock.caption
# An image that does not exist yet, in a dry run: differs from every real one.
NOT_YET_CREATED = -1


@dataclass
class Outcome:
    """What happened to one file, for the report."""

    status: str
    page: NewsPage | None = None
    notes: list = field(default_factory=list)


class ArticleImporter:
    """Saves parsed articles as news pages in ``section``.

    ``user`` is recorded on revisions, log entries and images; ``publish``
    publishes what is saved (pages already live are always published again);
    ``force`` overwrites pages edited since their import; ``dry_run`` decides
    everything but writes nothing.
    """

    def __init__(self, section, user=None, publish=False, force=False, dry_run=False):
        self.section = section
        self.user = user
        self.publish = publish
        self.force = force
        self.dry_run = dry_run

    def save(self, article):
        """Create or update the page of ``article``; returns an Outcome."""
        notes = [
            _("photo left out, its file is not in the import folder: “%(caption)s”")
            % {"caption": caption}
            for caption in article.dropped
        ]
        try:
            with transaction.atomic():
                outcome = self._save(article, notes)
        except ValidationError as error:
            return Outcome(REFUSED, notes=[" ".join(error.messages), *notes])
        except PermissionDenied:
            reason = _("%(user)s may not publish in this section") % {"user": self.user}
            return Outcome(SKIPPED, notes=[reason, *notes])
        outcome.notes.extend(notes)
        return outcome

    def _save(self, article, notes):
        page = (
            NewsPage.objects.child_of(self.section)
            .filter(import_source=article.source)
            .order_by("pk")
            .first()
        )
        values = self._values(article, notes)
        if page is None:
            return self._create(article, values)
        return self._update(page, values)

    # --- fields ---------------------------------------------------------------

    def _values(self, article, notes):
        body = []
        listing_image = None
        for block in article.body:
            if isinstance(block, Paragraph):
                body.append({"type": "paragraph", "value": block.html})
            elif isinstance(block, Heading):
                text = shorten(block.text, HEADING_MAX_LENGTH)
                body.append({"type": "heading", "value": {"text": text, "level": block.level}})
            elif isinstance(block, Figure):
                image_id, alt = self._image(article, block, notes)
                if image_id is None:
                    continue
                listing_image = listing_image or image_id
                body.append({"type": "image", "value": self._image_value(block, image_id, alt)})
        return {
            "title": article.title,
            "date": article.date,
            "lead": article.lead,
            "byline": shorten(article.byline, NewsPage._meta.get_field("byline").max_length),
            "listing_image_id": listing_image,
            "body": body,
        }

    def _image_value(self, figure, image_id, alt):
        return {
            "image": {"image": image_id, "decorative": False, "alt_text": alt},
            "caption": shorten(figure.caption, CAPTION_MAX_LENGTH),
            "credit": "",
        }

    def _image(self, article, figure, notes):
        # The old site used the article's title as every photo's alt text;
        # the caption describes the photo better.
        alt = figure.alt
        if not alt or alt.casefold() == article.title.casefold():
            alt = figure.caption or article.title
        image = existing_image(figure.path)
        if image is not None:
            return image.pk, alt
        if self.dry_run:
            return NOT_YET_CREATED, alt
        try:
            image = create_image(figure.path, figure.caption or alt, alt, self.user)
        except ImageRefused as refusal:
            notes.append(
                _("photo %(file)s left out: %(reason)s")
                % {"file": figure.path.name, "reason": refusal}
            )
            return None, alt
        return image.pk, alt

    @staticmethod
    def _current(page):
        values = {name: getattr(page, name) for name in ("title", "date", "lead", "byline")}
        values["listing_image_id"] = page.listing_image_id
        values["body"] = [
            {"type": item["type"], "value": item["value"]} for item in page.body.raw_data
        ]
        return values

    # --- pages ----------------------------------------------------------------

    def _slug(self, article):
        base = vietnamese_slugify(article.title) or vietnamese_slugify(
            PurePosixPath(article.source).stem
        )
        taken = set(self.section.get_children().values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _log(self, page, action, revision):
        # The mark tells a later import that this revision is its own work.
        log(
            page,
            action,
            user=self.user,
            revision=revision,
            content_changed=True,
            data={"import_source": page.import_source},
        )

    def _create(self, article, values):
        if self.dry_run:
            return Outcome(CREATED)
        page = NewsPage(
            **values,
            slug=self._slug(article),
            import_source=article.source,
            owner=self.user,
            live=False,
        )
        self.section.add_child(instance=page)
        revision = page.save_revision(user=self.user)
        self._log(page, "wagtail.create", revision)
        if self.publish:
            revision.publish(user=self.user)
            return Outcome(CREATED, page, [_("published")])
        return Outcome(CREATED, page, [_("draft")])

    def _update(self, page, values):
        revision = page.get_latest_revision()
        draft = page.get_latest_revision_as_object()
        unchanged = self._current(draft) == values
        waiting = self.publish and (not page.live or page.has_unpublished_changes)
        if unchanged and not waiting:
            return Outcome(UNCHANGED, page)
        edited = self._edited_since_import(page, revision)
        if edited and not self.force:
            return Outcome(SKIPPED, page, [edited])
        if unchanged:
            # Imported as a draft before, published now: the same text goes live.
            if not self.dry_run:
                revision.publish(user=self.user)
            return Outcome(UPDATED, page, [_("published; the text is unchanged")])
        if self.dry_run:
            return Outcome(UPDATED, page)
        for name, value in values.items():
            setattr(draft, name, value)
        revision = draft.save_revision(user=self.user)
        self._log(draft, "wagtail.edit", revision)
        if self.publish or page.live:
            revision.publish(user=self.user)
            return Outcome(UPDATED, page, [_("published")])
        return Outcome(UPDATED, page, [_("draft")])

    def _edited_since_import(self, page, revision):
        """Why the page's latest revision is not the importer's own, or ""."""
        if revision is None:
            return ""
        if revision.user_id != (self.user.pk if self.user else None):
            if revision.user_id is None:
                return _(
                    "its latest revision was saved without a user, not by %(user)s "
                    "(--force overwrites it)"
                ) % {"user": self.user}
            return _("edited by %(user)s since the last import (--force overwrites it)") % {
                "user": revision.user
            }
        imported = (
            log_registry.get_logs_for_instance(page)
            .filter(revision=revision, data__import_source=page.import_source)
            .exists()
        )
        if not imported:
            return _("edited since the last import (--force overwrites it)")
        return ""
