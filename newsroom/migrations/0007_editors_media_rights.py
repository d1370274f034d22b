"""Editors keep "add" and "choose" on images and documents; "change" becomes the moderators'.

Editors still edit and delete their own uploads while no live page uses them
(core.permissions); replacing or deleting what readers see is for moderators.
"""

from django.db import migrations

from newsroom import roles


def revoke(apps, schema_editor):
    roles.revoke_collection_permissions(apps)
    roles.set_up_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0006_article_listing_indexes"),
    ]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
