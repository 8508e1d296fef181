from django.urls import path

from socialization import views

app_name = "socialization"
urlpatterns = [
    path("baca/<int:page_id>/", views.acknowledge, name="acknowledge"),
    path("tanya/<int:page_id>/", views.question_ask, name="question_ask"),
    path("laporan/", views.report_index, name="report_index"),
    path("laporan/<int:page_id>/", views.report, name="report"),
    path("laporan/<int:page_id>/csv/", views.report_export, {"fmt": "csv"}, name="report_csv"),
    path("laporan/<int:page_id>/xlsx/", views.report_export, {"fmt": "xlsx"}, name="report_xlsx"),
    path("laporan/<int:page_id>/pengingat/", views.reminders_send, name="reminders_send"),
    path("pertanyaan/", views.question_list, name="question_list"),
    path("pertanyaan/<int:question_id>/", views.question_answer, name="question_answer"),
]
