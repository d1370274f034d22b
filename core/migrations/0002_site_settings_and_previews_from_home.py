"""SiteSettings and PagePreview move from the home app to core, keeping their tables.

Only Django's record of the models moves (the tables home_sitesettings and
home_pagepreview stay, with their rows), then their content types, so that
the groups' permissions on the site settings and the admin's history follow.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["sitesettings", "pagepreview"]


def move_content_types(apps, schema_editor, source="home", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (the target made by an earlier run of post_migrate): keep
        # the target, give it the old one's group rights, drop the old one.
        for permission in Permission.objects.filter(content_type=old):
            kept = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if kept is not None:
                kept.group_set.add(*permission.group_set.all())
                kept.user_set.add(*permission.user_set.all())
        old.delete()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="core", target="home")


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('home', '0005_live_children_index'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation_name', models.CharField(blank=True, max_length=255, verbose_name='organisation name')),
                        ('address', models.CharField(blank=True, max_length=255, verbose_name='address')),
                        ('phone', models.CharField(blank=True, max_length=50, verbose_name='phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('working_hours', models.CharField(blank=True, max_length=255, verbose_name='working hours')),
                        ('facebook_url', models.URLField(blank=True, verbose_name='Facebook page')),
                        ('youtube_url', models.URLField(blank=True, verbose_name='YouTube channel')),
                        ('zalo_url', models.URLField(blank=True, verbose_name='Zalo official account')),
                        ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'site settings',
                        'verbose_name_plural': 'site settings',
                        'db_table': 'home_sitesettings',
                    },
                ),
                migrations.CreateModel(
                    name='PagePreview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(max_length=64, unique=True)),
                        ('page_key', models.CharField(max_length=300)),
                        ('content', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ('expires_at', models.DateTimeField(db_index=True)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'page preview',
                        'verbose_name_plural': 'page previews',
                        'db_table': 'home_pagepreview',
                        'constraints': [models.UniqueConstraint(fields=('user', 'page_key'), name='one_preview_per_user_page')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
