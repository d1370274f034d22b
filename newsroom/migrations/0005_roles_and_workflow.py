"""The newsroom's groups, their rights and the "Duyệt tin" workflow (newsroom.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom import roles


def set_up_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now, on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.set_up_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_articlepage_import_source"),
        ("home", "0003_page_tree_depth_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
