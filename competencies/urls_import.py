"""URLs of the import/export pages, included by competencies.urls at its root
(`path("", include("competencies.urls_import"))`), so they live in the
"competencies" namespace: competencies:results_import → /kompetensi/impor/."""
from django.urls import path

from competencies import views_import

urlpatterns = [
    path("impor/", views_import.results_import_view, name="results_import"),
    path("impor/<int:batch_id>/status/", views_import.import_status, name="import_status"),
    path("impor/contoh/<slug:name>.csv", views_import.import_sample, name="import_sample"),
    path(
        "ekspor/<slug:what>.<slug:fmt>", views_import.reference_export, name="reference_export"
    ),
]
