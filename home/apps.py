from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from .forms import VietnameseSlugField
        from .slugs import VietnameseSlugInput

        # Every slug field in the admin (pages and snippets) transliterates
        # Vietnamese, in the browser and again on the server.
        register_form_field_override(
            models.SlugField,
            override={"widget": VietnameseSlugInput, "form_class": VietnameseSlugField},
        )
