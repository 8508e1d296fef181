from django.apps import AppConfig


class WagtailIdConfig(AppConfig):
    name = "wagtail_id"
    label = "wagtail_id"
    # Not translated on purpose: it names the language the app supplies.
    verbose_name = "Bahasa Indonesia untuk admin Wagtail"

    def ready(self) -> None:
        # Wagtail's admin reports export in Bangkom's one dialect (wagtail_id/exports.py).
        from wagtail_id.exports import spreadsheet_export_install

        spreadsheet_export_install()
