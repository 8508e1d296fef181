"""Enrollment URLs under /belajar/ (names prefixed `enrollment_`)."""
from django.urls import path

from learning.enrollment import views

urlpatterns: list = [
    path("sesi/<int:session_id>/daftar/", views.enroll, name="enrollment_create"),
    path("sesi/<int:session_id>/daftarkan/", views.bulk_enroll, name="enrollment_bulk"),
    path("pendaftaran/<int:enrollment_id>/batal/", views.cancel, name="enrollment_cancel"),
    path("pendaftaran-saya/", views.my_enrollments, name="enrollment_mine"),
    path("pendaftaran/pegawai/<int:employee_id>/", views.employee_enrollments,
         name="employee_enrollments"),
    path("persetujuan/", views.approvals, name="enrollment_approvals"),
    path("persetujuan/<int:enrollment_id>/", views.decide, name="enrollment_decide"),
]
