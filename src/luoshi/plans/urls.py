from django.urls import path

from . import figures, views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_reader, name="plan_reader"),
    path("plans/<int:pk>/source/", views.plan_source, name="plan_source"),
    path("plans/<int:pk>/figures/", figures.plan_figures, name="plan_figures"),
    path("import/", views.import_report, name="import_report"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
