from django.apps import AppConfig


class WagtailIdConfig(AppConfig):
    name = "wagtail_id"
    label = "wagtail_id"
    # Not translated on purpose: it names the language the app supplies.
    verbose_name = "Bahasa Indonesia untuk admin Wagtail"
