"""An index on Wagtail's page tree for "the children of this page".

Wagtail finds children by path prefix and depth. Under a home page every path
shares the prefix, so without an index on depth the database reads every page
to find the few sections of the menu. ``(depth, path)`` serves both parts.
"""

from django.db import migrations

INDEX = "home_page_depth_path"


def create(apps, schema_editor):
    opclass = " varchar_pattern_ops" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path{opclass})"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_prefetched_media_blocks"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
