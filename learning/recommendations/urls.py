"""Recommendation URLs under /belajar/ (names prefixed `recommendation_`)."""
from django.urls import path

from learning.recommendations import views

urlpatterns: list = [
    path("rekomendasi/<int:recommendation_id>/daftar/", views.recommendation_enroll,
         name="recommendation_enroll"),
    path("rekomendasi/<int:recommendation_id>/sembunyikan/", views.recommendation_dismiss,
         name="recommendation_dismiss"),
    path("rekomendasi/<int:recommendation_id>/tugaskan/", views.recommendation_assign,
         name="recommendation_assign"),
    path("rekomendasi/tim/", views.recommendation_team, name="recommendation_team"),
    path("rekomendasi/kesenjangan-katalog/", views.recommendation_catalog_gaps,
         name="recommendation_catalog_gaps"),
    path("rekomendasi/kesenjangan-katalog/ekspor.<slug:fmt>",
         views.recommendation_catalog_gaps_export, name="recommendation_catalog_gaps_export"),
    path("rekomendasi/kesenjangan-katalog/draf/", views.recommendation_draft_workshop,
         name="recommendation_draft_workshop"),
    path("rekomendasi/hitung-ulang/", views.recommendation_recompute_start,
         name="recommendation_recompute_start"),
    path("rekomendasi/hitung-ulang/<int:job_id>/", views.recommendation_recompute_status,
         name="recommendation_recompute_status"),
]
