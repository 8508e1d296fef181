from django.urls import path

from mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("program/<int:program_id>/ikut/", views.program_opt_in, name="program_opt_in"),
    path("program/<int:program_id>/usulkan/", views.program_nominate, name="program_nominate"),
    path("pasangan/<int:pair_id>/", views.pair_detail, name="pair_detail"),
    path("pasangan/<int:pair_id>/tujuan/", views.goal_add, name="goal_add"),
    path("pasangan/<int:pair_id>/kecocokan/", views.pair_fit, name="pair_fit"),
    path("pasangan/<int:pair_id>/selesai/", views.pair_complete, name="pair_complete"),
    path("pasangan/<int:pair_id>/sesi/baru/", views.session_log, name="session_log"),
    path("sesi/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sesi/<int:session_id>/ubah/", views.session_edit, name="session_edit"),
    path("sesi/<int:session_id>/konfirmasi/", views.session_confirm, name="session_confirm"),
    path("sesi/<int:session_id>/sanggah/", views.session_dispute, name="session_dispute"),
    path("sesi/<int:session_id>/bukti/", views.session_evidence, name="session_evidence"),
    path("hr/", views.hr_programs, name="hr_programs"),
    path("hr/pegawai/", views.hr_people, name="hr_people"),
    path("hr/program/<int:program_id>/", views.hr_program, name="hr_program"),
    path("hr/program/<int:program_id>/cocokkan/", views.hr_run_start, name="hr_run_start"),
    path("hr/program/<int:program_id>/progres/", views.hr_run_status, name="hr_run_status"),
    path("hr/program/<int:program_id>/setujui/", views.hr_approve, name="hr_approve"),
    path("hr/program/<int:program_id>/tambah/", views.hr_pair_add, name="hr_pair_add"),
    path("hr/program/<int:program_id>/usulkan/", views.hr_nominate, name="hr_nominate"),
    path("hr/program/<int:program_id>/laporan/", views.hr_report, name="hr_report"),
    path("hr/pasangan/<int:pair_id>/ganti/", views.hr_pair_swap, name="hr_pair_swap"),
    path("hr/pasangan/<int:pair_id>/hapus/", views.hr_pair_remove, name="hr_pair_remove"),
]
