"""Seed the topic vocabulary (German and English) and the "City staff" group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    ("green-city", "Grüne Stadt", "Green City"),
    ("open-industry", "Offene Industrie", "Open Industry"),
    ("future-of-work", "Zukunft der Arbeit", "Future of Work"),
    ("future-mobility", "Mobilität der Zukunft", "Future Mobility"),
    ("smart-city", "Smart City", "Smart City"),
    ("digital-administration", "Digitale Verwaltung", "Digital Administration"),
    ("education", "Bildung", "Education"),
    ("culture-society", "Kultur & Gesellschaft", "Culture & Society"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("accounts", "Topic")
    for position, (slug, de, en) in enumerate(TOPICS):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name_de": de, "name_en": en, "position": position}
        )
    # Permissions are normally created after all migrations; the group needs its one now.
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="City staff")
    group.permissions.add(
        Permission.objects.get(codename="act_as_city_staff", content_type__app_label="accounts")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
