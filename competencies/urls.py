from django.urls import path

from competencies import views

app_name = "competencies"
urlpatterns = [
    path("saya/", views.my_profile, name="my_profile"),
    path("pegawai/<int:employee_id>/", views.employee_profile, name="employee_profile"),
    path("tim/", views.team, name="team"),
    path("analisis/", views.analysis, name="analysis"),
    path("analisis/ekspor.<slug:fmt>", views.analysis_export, name="analysis_export"),
    path("analisis/daftar-pegawai.csv", views.gap_list_export, name="gap_list_export"),
    path("analisis/hitung-ulang/", views.recompute_start, name="recompute_start"),
    path("analisis/hitung-ulang/<int:job_id>/", views.recompute_status, name="recompute_status"),
]

try:  # B1's import pages (competencies:results_import, …), when present.
    from competencies.urls_import import urlpatterns as import_urls
except ImportError:  # pragma: no cover
    import_urls = []
urlpatterns += import_urls
