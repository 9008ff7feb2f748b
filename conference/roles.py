"""The Organisers role: staff users who edit the programme and handle the reports, without superuser rights.

Each app says in its `AppConfig.ready()` which of its models the role may edit (`grant_organisers`), so that this
module names no app; after every `migrate` (and `flush`) the group is made to hold exactly those permissions.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

ORGANISERS = "Organisers"

# App label: the names of the models left out, as the apps granted them.
_granted = {}


def grant_organisers(app_config, *, exclude=()):
    """Let the Organisers role add, change, delete and view every model of the app but those in `exclude` (model
    classes: bookkeeping that nobody edits by hand). Called from the app's `AppConfig.ready()`."""
    _granted[app_config.label] = frozenset(model._meta.model_name for model in exclude)


def organiser_models():
    """The models the Organisers role may edit, in the apps' order."""
    return [
        model
        for label, excluded in _granted.items()
        for model in global_apps.get_app_config(label).get_models()
        if model._meta.model_name not in excluded
    ]


def sync_organisers_group(*, apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the Organisers group (if needed) with the permissions the apps granted, and no others.

    `apps` is the registry of the models as they stand (post_migrate passes the migrations' own); a permission
    that is not there yet is created first.
    """
    granted = Q(pk__in=[])
    for label, excluded in _granted.items():
        try:
            app_config = apps.get_app_config(label)
        except LookupError:  # an app without models in this registry (migrated backwards to before its first)
            continue
        # Permissions are made after each app's migrations; this may run before a later app's turn.
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
        granted |= Q(content_type__app_label=app_config.label) & ~Q(content_type__model__in=excluded)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.using(using).get_or_create(name=ORGANISERS)
    group.permissions.set(permission_model.objects.using(using).filter(granted))


def sync_organisers_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, plan=None, **kwargs):
    """post_migrate receiver (connected for the conference app): `migrate` keeps the Organisers group up to date.

    `flush` sends post_migrate too, without a plan: it is left alone then, since a flushed database is about to
    receive a backup, which holds the group (its own row, with the same name).
    """
    if plan is not None:
        sync_organisers_group(apps=apps, using=using)
