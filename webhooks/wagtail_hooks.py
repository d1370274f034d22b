"""The webhooks' place in the admin."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .views import (
    DeliveryPermissionPolicy,
    DeliveryViewSet,
    EndpointViewSet,
    FailedDeliveriesPanel,
)

register_permission_policy(WebhookDelivery, DeliveryPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [
        EndpointViewSet("webhook_endpoints"),
        DeliveryViewSet("webhook_deliveries"),
    ]


@hooks.register("construct_homepage_panels")
def add_failed_deliveries_panel(request, panels):
    panels.append(FailedDeliveriesPanel(request))
