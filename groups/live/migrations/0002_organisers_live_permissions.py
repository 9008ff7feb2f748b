from django.db import migrations


class Migration(migrations.Migration):
    """Gave the Organisers group the permissions on the live questions, breakout points and facilitators' links.

    Since then a post_migrate receiver (conference.roles) gives the group what the apps grant after every migrate:
    this migration does nothing and keeps its place in the history.
    """

    dependencies = [
        ("live", "0001_initial"),
        ("groups", "0004_organisers_report_permissions"),
    ]

    operations = []
