from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.db.models.signals import post_save

        from . import roles
        from .models import AnnouncementIndexPage, NewsIndexPage

        for section in (NewsIndexPage, AnnouncementIndexPage):
            post_save.connect(
                roles.grant_new_section, sender=section, dispatch_uid=f"roles-{section.__name__}"
            )
