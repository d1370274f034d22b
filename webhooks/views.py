"""The webhooks in the admin: endpoints (Settings → Webhook) and their delivery log.

Administrators register endpoints; the log lists every delivery with its
status, attempts, last response code and time, and a failed (or delivered)
delivery can be sent again. A dashboard panel tells administrators when
deliveries have failed.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import WebhookDelivery, WebhookEndpoint
from .sender import resend

FAILED_PANEL_LIMIT = 5


class EndpointForm(WagtailAdminModelForm):
    class Meta:
        model = WebhookEndpoint
        fields = [
            "name",
            "url",
            "secret",
            "on_published",
            "on_unpublished",
            "on_deleted",
            "on_moved",
            "page_types",
            "enabled",
        ]


def _log_url(endpoint):
    return reverse("webhook_deliveries:index") + f"?endpoint={endpoint.pk}"


class LinkColumn(Column):
    cell_template_name = "webhooks/link_cell.html"

    def __init__(self, name, get_url, text, **kwargs):
        super().__init__(name, **kwargs)
        self.get_url = get_url
        self.text = text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.get_url(instance)
        context["text"] = self.text(instance)
        return context


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    form_fields = EndpointForm.Meta.fields
    icon = "link"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    copy_view_enabled = False
    search_fields = ["name", "url"]
    list_filter = ["enabled"]

    @property
    def list_display(self):
        return [
            TitleColumn(
                "name", label=_("name"), get_url=lambda endpoint: self.get_edit_url(endpoint)
            ),
            Column("url", label=_("receiver URL")),
            BooleanColumn("enabled", label=_("enabled")),
            Column("failed_count", label=_("failed deliveries")),
            LinkColumn("log", get_url=_log_url, text=lambda endpoint: _("Delivery log"), label=""),
        ]

    def get_edit_url(self, endpoint):
        return reverse(self.get_url_name("edit"), args=[endpoint.pk])

    def get_queryset(self, request):
        return WebhookEndpoint.objects.annotate(
            failed_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.FAILED))
        )


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are written by the site alone: administrators may look, never edit."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class ResendColumn(Column):
    cell_template_name = "webhooks/resend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["resend_url"] = reverse("webhook_deliveries:resend", args=[instance.pk])
        context["can_resend"] = instance.status != WebhookDelivery.PENDING
        return context


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []
    list_filter = ["status", "endpoint", "event"]
    search_fields = ["page_title"]
    inspect_view_fields = [
        "endpoint",
        "event",
        "page_id",
        "page_title",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "last_response",
        "next_attempt_at",
        "delivered_at",
        "delivery_id",
        "body",
    ]
    list_display = [
        TitleColumn(
            "page_title",
            label=_("page"),
            get_url=lambda delivery: reverse("webhook_deliveries:inspect", args=[delivery.pk]),
        ),
        Column("event", label=_("event"), accessor="get_event_display"),
        Column("endpoint", label=_("endpoint")),
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("attempts", label=_("attempts")),
        Column("last_status_code", label=_("last response code")),
        DateColumn("last_attempt_at", label=_("last attempt")),
        ResendColumn("resend", label=""),
    ]

    def get_queryset(self, request):
        return WebhookDelivery.objects.select_related("endpoint")

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept] + [
            path("<int:pk>/resend/", resend_view, name="resend")
        ]


@require_POST
def resend_view(request, pk):
    """Queue a delivery again; for those who manage the endpoints."""
    if not request.user.has_perm("webhooks.change_webhookendpoint"):
        return permission_denied(request)
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    resend(delivery)
    messages.success(
        request,
        _("“%(page)s” will be sent again to %(endpoint)s.")
        % {"page": delivery.page_title, "endpoint": delivery.endpoint},
    )
    return redirect(_admin_page(request, request.POST.get("next")))


def _admin_page(request, target):
    """``target`` if it is one of this admin's own pages, else the delivery log."""
    admin = reverse("wagtailadmin_home")
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=False)
        and target.startswith(admin)
    ):
        return target
    return reverse("webhook_deliveries:index")


class FailedDeliveriesPanel(Component):
    """Dashboard: deliveries that gave up, for those who may see them."""

    name = "failed_webhooks"
    template_name = "webhooks/failed_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        failed = WebhookDelivery.objects.filter(status=WebhookDelivery.FAILED)
        context["failed_count"] = failed.count()
        context["failed"] = list(failed.select_related("endpoint")[:FAILED_PANEL_LIMIT])
        context["log_url"] = reverse("webhook_deliveries:index") + "?status=failed"
        return context

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm("webhooks.view_webhookdelivery"):
            return ""
        return super().render_html(parent_context)
