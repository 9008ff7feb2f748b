from django.db import migrations


class Migration(migrations.Migration):
    """Gave the Organisers group the permissions on answers and report revisions.

    Since then a post_migrate receiver (conference.roles) gives the group what the apps grant after every migrate:
    this migration does nothing and keeps its place in the history.
    """

    dependencies = [
        ("groups", "0003_rapporteur_links_and_report_content"),
    ]

    operations = []
