from django.urls import path

from . import views

urlpatterns = [
    path("documents/bulletin/", views.bulletin, name="bulletin"),
]
