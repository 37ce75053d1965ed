"""The page an invitation's link opens: the invited person sets a password and becomes their
organisation's focal point. Open to anyone holding a link, so it is throttled per client, and an
unknown token gets the same answer whether mistyped or guessed."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from metrohub.accounts import services
from metrohub.accounts.forms import InvitationAcceptForm
from metrohub.core.access import public
from metrohub.core.form_pages import bind, submit
from metrohub.core.net import client_ip
from metrohub.core.throttle import Throttled, throttle_hit, too_many

TEMPLATE = "account/invitation.html"


@public
@never_cache
def invitation(request, token: str):
    try:
        throttle_hit(
            scope="invitation-link",
            key=client_ip(request),
            rate=settings.METROHUB_INVITATION_CLIENT_RATE,
            message=_("Too many invitation links opened from your address: try again later."),
        )
        found = services.invitation_by_token(token)
    except Throttled as exc:
        return too_many(request, exc, TEMPLATE)
    except services.InvitationLinkInvalid as exc:
        return render(request, TEMPLATE, {"invalid": exc.message}, status=exc.status)
    form = bind(request, InvitationAcceptForm)
    if request.method == "POST":
        outcome = submit(
            form, lambda data: services.invitation_accept(token=token, password=data["password1"])
        )
        if outcome.done:
            messages.success(
                request,
                _(
                    "Your password is set: you are a focal point of %(organisation)s. Log in with "
                    "the username %(username)s. Once in, you may add a second factor (an "
                    "authenticator app) under your account."
                )
                % {"organisation": found.organisation, "username": outcome.result.get_username()},
            )
            return redirect("account_login")
        if isinstance(outcome.error, services.InvitationLinkInvalid):
            return render(request, TEMPLATE, {"invalid": outcome.error.message}, status=outcome.error.status)
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATE, {"invitation": found, "form": form}, status=status)
