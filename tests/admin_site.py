"""What the admin holds, for tests that go through all of it."""

from django.contrib import admin

OUR_APPS = {"conference", "agenda_sessions", "documents", "groups", "live", "reports"}
OUR_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS), key=lambda m: m._meta.label
)


def autocomplete_fields():
    """(app label, model name, field) of every autocomplete in the admin, on its pages and in their inlines."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        for owner, fields in [
            (model, model_admin.autocomplete_fields),
            *((inline.model, inline.autocomplete_fields) for inline in model_admin.inlines),
        ]:
            found.update((owner._meta.app_label, owner._meta.model_name, field) for field in fields)
    return sorted(found)
