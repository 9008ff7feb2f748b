from django.db import migrations

from conference.roles import sync_organisers_group


def create_organisers(apps, schema_editor):
    sync_organisers_group(apps)


class Migration(migrations.Migration):
    """The Organisers permission group, with every permission on the conference's own apps."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conference", "0001_initial"),
        ("agenda_sessions", "0001_initial"),
        ("groups", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_organisers, migrations.RunPython.noop)]
