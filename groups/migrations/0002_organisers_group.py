from django.db import migrations


class Migration(migrations.Migration):
    """Made the Organisers permission group.

    Since then a post_migrate receiver (conference.roles) gives the group what the apps grant after every migrate:
    this migration does nothing and keeps its place in the history.
    """

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conference", "0001_initial"),
        ("agenda_sessions", "0001_initial"),
        ("groups", "0001_initial"),
    ]

    operations = []
