"""Administrators ("Quản trị") manage the endpoints and read the delivery log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom import roles

PERMISSIONS = [
    "add_webhookendpoint",
    "change_webhookendpoint",
    "delete_webhookendpoint",
    "view_webhookendpoint",
    "view_webhookdelivery",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    group = roles._group(apps, roles.ADMINISTRATORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="webhooks", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("newsroom", "0005_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
