"""Certificate URLs under /sertifikat/ (public verification and the owner's downloads)."""
from django.urls import path  # noqa: F401

app_name = "certificates"
urlpatterns: list = []
