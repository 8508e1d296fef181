from django.urls import path

from people import session_views, views

app_name = "people"
urlpatterns = [
    path("tim/", views.team, name="team"),
    path("<int:employee_id>/status/", views.employee_status, name="employee_status"),
    path("impor/", views.employee_import_view, name="employee_import"),
    path("impor/<int:job_id>/status/", views.employee_import_status,
         name="employee_import_status"),
    path("data-pribadi/", views.personal_data_download, name="personal_data_mine"),
    path("<int:employee_id>/data-pribadi/", views.personal_data_download,
         name="personal_data_employee"),
    path("keamanan/", session_views.my_logins, name="my_logins"),
    path("<int:employee_id>/sesi/", session_views.employee_sessions, name="employee_sessions"),
    path("impor/contoh.csv", views.employee_import_sample, name="employee_import_sample"),
]
