"""Public pages: the member directory, a member's public profile and the map. No personal data."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.vary import vary_on_headers

from metrohub.core.access import public
from metrohub.network.charts import members_map
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.selectors import public_offices, public_organisations
from metrohub.network.views.directory import MEMBERS, render_directory


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
