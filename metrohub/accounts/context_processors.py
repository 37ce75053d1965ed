def roles(request):
    user = getattr(request, "user", None)
    return {
        "user_roles": getattr(user, "roles", frozenset()),
        "is_secretariat": bool(user and user.is_authenticated and user.is_secretariat),
    }
