"""Development plan URLs, in the `learning` namespace under /belajar/."""
from django.urls import path

from learning.plans import views

urlpatterns: list = [
    path("rencana/", views.plan_mine, name="plan_mine"),
    path("rencana/butir/tambah-pelatihan/", views.plan_item_add_workshop,
         name="plan_item_add_workshop"),
    path("rencana/butir/<int:item_id>/ubah/", views.plan_item_edit, name="plan_item_edit"),
    path("rencana/butir/<int:item_id>/hapus/", views.plan_item_delete, name="plan_item_delete"),
    path("rencana/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:plan_id>/ajukan/", views.plan_submit, name="plan_submit"),
    path("rencana/<int:plan_id>/keputusan/", views.plan_decide, name="plan_decide"),
    path("rencana/tim/", views.plan_team, name="plan_team"),
    path("rencana/laporan/", views.plan_report, name="plan_report"),
]
