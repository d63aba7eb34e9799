"""The office's settings pages (included at the root by luoshi.web.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.org_settings, name="org_settings"),
    path("settings/departments/", views.department_list, name="department_list"),
    path("settings/departments/new/", views.department_add, name="department_add"),
    path("settings/departments/import/", views.catalogue_import, name="catalogue_import"),
    path("settings/departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("settings/departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
    path("settings/posts/", views.post_list, name="post_list"),
    path("settings/posts/new/", views.post_add, name="post_add"),
    path("settings/posts/<int:pk>/", views.post_edit, name="post_edit"),
]
