"""The Organisers role: staff users who edit the programme and handle the reports, without superuser rights."""

ORGANISERS = "Organisers"
ORGANISER_APP_LABELS = ("conference", "agenda_sessions", "groups", "live", "reports")
# Internal bookkeeping that nobody edits by hand, and the report pages' view of a breakout (a proxy, not edited).
NOT_FOR_ORGANISERS = ("contentversion", "attemptcount", "reportedbreakout")


def sync_organisers_group(apps):
    """Create the Organisers group (if needed) with every permission on the conference's own apps, and no others.

    Called from data migrations with the historical `apps`; a migration that adds a model calls it again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module, which historical app configs lack; set one for
        # the call and put back what was there (global app configs must keep theirs).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=ORGANISERS)
    group.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=ORGANISER_APP_LABELS).exclude(
            content_type__model__in=NOT_FOR_ORGANISERS
        )
    )
