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

# The decomposition documents of a plan, for the office (views at the end of views.py).
urlpatterns += [
    path("plans/<int:pk>/decomposition.xlsx", views.plan_table_xlsx, name="plan_table_xlsx"),
    path("plans/<int:pk>/decomposition.docx", views.plan_document_docx, name="plan_document_docx"),
    path("plans/<int:pk>/decomposition/import/", views.plan_table_import, name="plan_table_import"),
]
