from django.db import migrations


class Migration(migrations.Migration):
    """Gave the Organisers the permissions on the emails of rapporteurs' links.

    Since then a post_migrate receiver (conference.roles) gives the group what the apps grant after every migrate:
    this migration does nothing and keeps its place in the history.
    """

    dependencies = [
        ("reports", "0007_link_emails"),
    ]

    operations = []
