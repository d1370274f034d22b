from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site stands on: caching, start-up, scheduling, the client's address."""

    name = "core"
    verbose_name = _("Foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from . import checks, page_cache  # noqa: F401 - checks registers itself
        from .permissions import MediaPermissionPolicy

        page_cache.connect_signals()
        # In place of Wagtail's own (core.permissions), whatever the order of the apps.
        for model in (get_image_model(), get_document_model()):
            policy = MediaPermissionPolicy(
                model, auth_model=model._meta.label, owner_field_name="uploaded_by_user"
            )
            register_permission_policy(model, policy, exact_class=True)
