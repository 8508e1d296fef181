from django.urls import path

from learning.catalog import views

urlpatterns: list = [
    path("sesi/<int:session_id>.ics", views.session_ics, name="session_ics"),
    path("kalender/", views.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("bench/bare/", views.bench_bare, name="bench_bare"),
]
