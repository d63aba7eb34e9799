from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("wall/", views.wall, name="wall"),
    path("public/", views.public, name="public"),
]
