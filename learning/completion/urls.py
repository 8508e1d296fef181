from django.urls import path

from learning.completion import views

urlpatterns = [
    path("sesi/<int:session_id>/presensi/", views.attendance_roster, name="attendance_roster"),
    path("sesi/<int:session_id>/presensi/qr/", views.attendance_qr, name="attendance_qr"),
    path("sesi/<int:session_id>/presensi/nilai/", views.post_test_import,
         name="post_test_import"),
    path("sesi/<int:session_id>/hadir/<str:token>/", views.attendance_checkin,
         name="attendance_checkin"),
    path("jp/", views.jp_history, name="jp_history"),
    path("jp/pegawai/<int:employee_id>/", views.employee_jp, name="employee_jp"),
    path("jp/bukti/<int:external_id>/", views.external_proof, name="external_proof"),
    path("evaluasi/<int:enrollment_id>/", views.evaluation_form, name="evaluation_form"),
    path("verifikasi/", views.external_verification, name="external_verification"),
    path("verifikasi/<int:external_id>/", views.external_decide, name="external_decide"),
    path("laporan/sesi/", views.report_sessions, name="report_sessions"),
    path("laporan/unit/", views.report_units, name="report_units"),
]
