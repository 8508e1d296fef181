"""Certificate URLs under /sertifikat/: public verification, the owner's downloads,
HR's pages (roles per view: learning/certificates/views.py)."""
from django.urls import path, re_path

from learning.certificates import views

app_name = "certificates"
urlpatterns: list = [
    path("verifikasi/", views.verify_upload, name="verify_upload"),
    re_path(r"^verifikasi/(?P<code>[A-Za-z0-9_-]{16,40})/$", views.verify, name="verify"),
    path("saya/", views.mine, name="mine"),
    path("<int:certificate_id>/unduh/", views.download, name="download"),
    path("hr/", views.hr_index, name="hr_index"),
    path("hr/sesi/<int:session_id>/", views.hr_session, name="hr_session"),
    path("hr/tugas/<int:job_id>/status/", views.hr_job_status, name="hr_job_status"),
    path("hr/tugas/<int:job_id>/unduh/", views.hr_job_download, name="hr_job_download"),
    path("hr/<int:certificate_id>/", views.hr_certificate, name="hr_certificate"),
    path("hr/<int:certificate_id>/cabut/", views.hr_revoke, name="hr_revoke"),
    path("hr/<int:certificate_id>/terbitkan-ulang/", views.hr_regenerate,
         name="hr_regenerate"),
    path("hr/templat/<int:template_id>/pratinjau/", views.template_preview,
         name="template_preview"),
]
