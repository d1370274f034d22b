"""Admin forms shared by every page type of the site."""

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .slugs import SLUG_MAX_LENGTH, vietnamese_slugify


class VietnameseSlugField(forms.SlugField):
    """A slug form field that transliterates what the editor typed ("Hội thảo" → hoi-thao).

    The editor's browser already does this; the server does it again for
    editors without JavaScript and for anything posted by other means.
    """

    def to_python(self, value: Any) -> str:
        return vietnamese_slugify(super().to_python(value))


class SitePageForm(WagtailAdminPageForm):
    """The page editor form: the slug may be left empty and is then made from the title."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self) -> dict[str, Any]:
        title = self.cleaned_data.get("title")
        if "slug" in self.fields and not self.cleaned_data.get("slug") and title:
            self.cleaned_data["slug"] = self._available_slug(vietnamese_slugify(title))
        return super().clean()

    def _available_slug(self, base_slug: str) -> str:
        candidate, suffix = base_slug, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            suffix += 1
            candidate = f"{base_slug[: SLUG_MAX_LENGTH - 6]}-{suffix}"
        return candidate
