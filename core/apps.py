from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site stands on: caching, start-up, scheduling, the client's address."""

    name = "core"
    verbose_name = _("Foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, page_cache  # noqa: F401 - checks registers itself

        page_cache.connect_signals()
