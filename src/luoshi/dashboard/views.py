"""Stub until the dashboard pages exist."""

from django.shortcuts import render


def public(request):
    return render(request, "base.html")
