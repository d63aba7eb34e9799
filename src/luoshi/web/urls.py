"""URLs of the luoshi web app: each app brings its own."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("luoshi.plans.urls")),
    path("", include("luoshi.tracking.urls")),
    path("", include("luoshi.dashboard.urls")),
    path("", include("luoshi.orgs.urls")),
    path("", include("luoshi.documents.urls")),
    path("", include("luoshi.yearend.urls")),
    path("api/", include("luoshi.api.urls")),
]
