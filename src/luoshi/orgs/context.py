"""Template context: who the user is in the organisation."""

from .models import Membership


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None}
    try:
        return {"membership": user.membership}
    except Membership.DoesNotExist:
        return {"membership": None}
