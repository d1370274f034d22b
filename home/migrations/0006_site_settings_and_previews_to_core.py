"""SiteSettings and PagePreview now live in core (core 0002): only the record moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_live_children_index"),
        ("core", "0002_site_settings_and_previews_from_home"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PagePreview"),
                migrations.DeleteModel(name="SiteSettings"),
            ],
            database_operations=[],
        ),
    ]
