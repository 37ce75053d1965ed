"""The public member directory, its CSV, the map and its data, a member's public profile, and the
form where an organisation expresses its interest in joining."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.vary import vary_on_headers

from metrohub.core.access import public
from metrohub.core.form_pages import bind
from metrohub.core.lists import Listing
from metrohub.core.net import client_ip
from metrohub.core.throttle import throttle_hit, throttled_form_page
from metrohub.network.charts import members_map
from metrohub.network.forms import PublicDirectoryFilter
from metrohub.network.membership import services as lifecycle
from metrohub.network.membership.forms import InterestForm
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.selectors import public_offices, public_organisations
from metrohub.network.views.common import _columns, render_directory

MEMBERS = Listing(
    name="members",
    queryset=lambda request: public_organisations(),
    filterset=PublicDirectoryFilter,
    columns=_columns(staff=False),
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url={"csv": "network:member_directory_csv"},
)


@public
@vary_on_headers("HX-Request")
def member_directory(request):
    return render_directory(request, MEMBERS, page_template="network/public_directory.html")


@public
def member_directory_csv(request):
    return MEMBERS.export(request, "csv")


@public
def member_profile(request, slug: str):
    organisation = get_object_or_404(public_organisations(), slug=slug)
    offices = public_offices(organisation)
    return render(request, "network/public_profile.html", {"organisation": organisation, "offices": offices})


@public
def member_map(request):
    spec = members_map(data_url=reverse("network:member_map_data"))
    missing = list(members_without_coordinates().values_list("name", flat=True))
    return render(request, "network/map.html", {"spec": spec, "without_coordinates": missing})


@public
def member_map_data(request):
    members = (
        public_organisations()
        .filter(latitude__isnull=False)
        .values("name", "slug", "country", "latitude", "longitude", "region__name", "current_category")
    )
    return JsonResponse(
        {
            "members": [
                {
                    "name": m["name"],
                    "country": m["country"],
                    "region": gettext(m["region__name"] or ""),
                    "category": str(MembershipPeriod.Category(m["current_category"]).label),
                    "latitude": float(m["latitude"]),
                    "longitude": float(m["longitude"]),
                    "url": reverse("network:member_profile", args=[m["slug"]]),
                }
                for m in members
            ],
            "without_coordinates": Organisation.objects.filter(
                membership__periods__end__isnull=True, latitude__isnull=True
            ).count(),
        }
    )


def members_without_coordinates():
    return public_organisations().filter(latitude__isnull=True)


@public
def express_interest(request):
    """An organisation that would like to join says so. Anonymous, so throttled per client address
    (METROHUB_INTEREST_CLIENT_RATE) and trapped for robots: a form that fills the hidden field
    gets the same thank-you, and nothing is recorded."""
    form = bind(request, InterestForm)

    def save(data):
        throttle_hit(
            scope="membership-interest",
            key=client_ip(request),
            rate=settings.METROHUB_INTEREST_CLIENT_RATE,
            message=gettext("Too many messages from your address: try again in an hour."),
        )
        if form.is_spam:
            return None
        fields = {key: value for key, value in data.items() if key != "homepage"}
        return lifecycle.prospect_express_interest(**fields)

    return throttled_form_page(
        request,
        form,
        save,
        template="network/membership/interest.html",
        done_template="network/membership/interest_thanks.html",
        done_context=lambda data: {"name": data["name"]},
    )
