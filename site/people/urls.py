from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("tim/", views.team, name="team"),
    path("<int:employee_id>/status/", views.employee_status, name="employee_status"),
    path("impor/", views.employee_import_view, name="employee_import"),
    path("impor/<int:job_id>/status/", views.employee_import_status,
         name="employee_import_status"),
    path("impor/contoh.csv", views.employee_import_sample, name="employee_import_sample"),
]
