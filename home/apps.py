from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from django.db import models
        from django.db.models.signals import post_save
        from wagtail.admin.forms.models import register_form_field_override

        from core.page_forms import VietnameseSlugField
        from core.slugs import VietnameseSlugInput
        from newsroom import roles

        from .models import HomePage

        # A new home page gets its newsroom groups' rights (newsroom.roles).
        post_save.connect(roles.grant_new_home, sender=HomePage, dispatch_uid="roles-home")

        # Every slug field in the admin (pages and snippets) transliterates
        # Vietnamese, in the browser and again on the server.
        register_form_field_override(
            models.SlugField,
            override={"widget": VietnameseSlugInput, "form_class": VietnameseSlugField},
        )
