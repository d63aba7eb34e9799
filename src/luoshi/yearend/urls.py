from django.urls import path

from . import views

urlpatterns = [
    path("yearend/", views.review_list, name="yearend_list"),
    path("yearend/plans/<int:plan_pk>/import/", views.review_import, name="yearend_import"),
    path("yearend/<int:pk>/", views.review_detail, name="yearend_review"),
    path("yearend/<int:pk>/table.xlsx", views.review_xlsx, name="yearend_xlsx"),
    path("yearend/<int:pk>/source/", views.review_source, name="yearend_source"),
    path("yearend/<int:pk>/delete/", views.review_delete, name="yearend_delete"),
    path("yearend/<int:pk>/text/<str:side>/", views.review_text, name="yearend_text"),
    path("yearend/<int:pk>/checks/<int:check_pk>/override/", views.check_override, name="yearend_override"),
]
