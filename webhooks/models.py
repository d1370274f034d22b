"""Endpoints that receive page events, and the deliveries queued for them (the outbox)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .signing import generate_secret, secret_key
from .validators import validate_target_url

PUBLISHED = "page.published"
UNPUBLISHED = "page.unpublished"
DELETED = "page.deleted"
MOVED = "page.moved"
EVENT_CHOICES = [
    (PUBLISHED, _("Page published")),
    (UNPUBLISHED, _("Page unpublished")),
    (DELETED, _("Page deleted")),
    (MOVED, _("Page moved")),
]
# The endpoint's switch for each event.
EVENT_FIELDS = {
    PUBLISHED: "on_published",
    UNPUBLISHED: "on_unpublished",
    DELETED: "on_deleted",
    MOVED: "on_moved",
}


def validate_secret(value):
    try:
        secret_key(value)
    except ValueError:
        raise ValidationError(
            _(
                "The secret must be whsec_ followed by at least 24 bytes in base64; "
                "keep the one generated."
            )
        ) from None


def page_content_types():
    """The site's page types, for the endpoint's choice of types."""
    from wagtail.models import Page, get_page_models

    models_ = [model for model in get_page_models() if model is not Page]
    ids = [ContentType.objects.get_for_model(model).pk for model in models_]
    return Q(pk__in=ids)


class WebhookEndpoint(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Who receives the events, e.g. the provincial portal."),
    )
    # A CharField: Django's URLField would guess a scheme for what has none.
    url = models.CharField(
        _("receiver URL"),
        max_length=2000,
        validators=[validate_target_url, URLValidator(schemes=["http", "https"])],
        help_text=_("Where events are sent, as a POST with a JSON body. https:// only."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=generate_secret,
        validators=[validate_secret],
        help_text=_(
            "Signs every request (Standard Webhooks, HMAC-SHA256); give it to the receiver "
            "so that it can check the requests come from this site."
        ),
    )
    on_published = models.BooleanField(_("page published"), default=True)
    on_unpublished = models.BooleanField(_("page unpublished"), default=True)
    on_deleted = models.BooleanField(_("page deleted"), default=True)
    on_moved = models.BooleanField(_("page moved"), default=True)
    page_types = models.ManyToManyField(
        ContentType,
        blank=True,
        limit_choices_to=page_content_types,
        related_name="+",
        verbose_name=_("page types"),
        help_text=_("Leave all unticked to receive events of every page type."),
    )
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Untick to pause deliveries; they wait, none is lost."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event, content_type_id):
        if not getattr(self, EVENT_FIELDS[event]):
            return False
        type_ids = {content_type.pk for content_type in self.page_types.all()}
        return not type_ids or content_type_id in type_ids


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row the worker sends and retries."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUS_CHOICES = [
        (PENDING, _("Waiting")),
        (DELIVERED, _("Delivered")),
        (FAILED, _("Failed")),
    ]

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    delivery_id = models.UUIDField(
        _("delivery id"), default=uuid.uuid4, unique=True, editable=False
    )
    event = models.CharField(_("event"), max_length=30, choices=EVENT_CHOICES)
    page_id = models.PositiveIntegerField(_("page id"), null=True)
    page_title = models.CharField(_("page"), max_length=255, blank=True)
    # The exact bytes sent, the same on every attempt.
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Set by the worker that is sending it, so that two workers never both do.
    locked_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last response code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self):
        return f"{self.get_event_display()}: {self.page_title}"
