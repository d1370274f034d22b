from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def email_is_configured(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Say, without failing the deploy checks, that e-mails only reach the log."""
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return [
            checks.Info(
                "E-mails (workflow notifications, password resets) are written to the log, "
                "not sent.",
                hint="Set EMAIL_HOST and DEFAULT_FROM_EMAIL (docs/deploy.md, E-mail).",
                id="core.I001",
            )
        ]
    return []
