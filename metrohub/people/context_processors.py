from metrohub.people.permissions import can_view_hr


def hr(request):
    """Whether the menu shows HR: only to those who may see its records."""
    user = getattr(request, "user", None)
    return {"can_see_hr": bool(user and can_view_hr(user))}
