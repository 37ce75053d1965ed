from django.urls import path, re_path

from metrohub.network.views import membership, portal, public, staff

app_name = "network"

urlpatterns = [
    path("join/", public.express_interest, name="express_interest"),
    path("members/", public.member_directory, name="member_directory"),
    path("members.csv", public.member_directory_csv, name="member_directory_csv"),
    path("members/map/", public.member_map, name="member_map"),
    path("members/map.json", public.member_map_data, name="member_map_data"),
    path("members/<slug:slug>/", public.member_profile, name="member_profile"),
    path("registry/", staff.directory, name="directory"),
    re_path(
        r"^registry/organisations\.(?P<fmt>csv|xlsx|json)$", staff.directory_export, name="directory_export"
    ),
    path("registry/organisations/<int:pk>/", staff.organisation_detail, name="organisation"),
    path("registry/organisations/<int:pk>/edit/", staff.organisation_edit, name="organisation_edit"),
    path("registry/organisations/<int:pk>/people/add/", staff.person_edit, name="person_add"),
    path("registry/organisations/<int:pk>/people/<int:person_pk>/", staff.person_edit, name="person_edit"),
    path(
        "registry/organisations/<int:pk>/focal-points/invite/",
        staff.focal_point_invite,
        name="focal_point_invite",
    ),
    path(
        "registry/organisations/<int:pk>/focal-points/invitations/<int:invitation_pk>/resend/",
        staff.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "registry/organisations/<int:pk>/focal-points/invitations/<int:invitation_pk>/withdraw/",
        staff.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "registry/organisations/<int:pk>/focal-points/<int:user_pk>/remove/",
        staff.focal_point_remove,
        name="focal_point_remove",
    ),
    path(
        "registry/organisations/<int:pk>/membership/<slug:change>/",
        membership.membership_change,
        name="membership_change",
    ),
    path("registry/prospects/", membership.prospect_list, name="prospects"),
    re_path(
        r"^registry/prospects\.(?P<fmt>csv|xlsx|json)$", membership.prospects_export, name="prospects_export"
    ),
    path("registry/prospects/add/", membership.prospect_add, name="prospect_add"),
    path("registry/prospects/<int:prospect_pk>/", membership.prospect_detail, name="prospect"),
    path("registry/prospects/<int:prospect_pk>/<slug:move>/", membership.prospect_step, name="prospect_step"),
    path("registry/renewal/", membership.renewal, name="renewal"),
    re_path(r"^registry/renewal\.(?P<fmt>csv|xlsx|json)$", membership.renewal_export, name="renewal_export"),
    path("registry/renewal/remind/", membership.renewal_remind, name="renewal_remind"),
    path("registry/governance/", staff.governance, name="governance"),
    path("registry/figures/", staff.figures, name="figures"),
    path("registry/import/", staff.import_upload, name="import"),
    path("registry/import/confirm/", staff.import_confirm, name="import_confirm"),
    path("registry/people/<int:person_pk>/export/", staff.export_person, name="person_export"),
    path("registry/people/<int:person_pk>/erase/", staff.erase_person, name="person_erase"),
    path("portal/", portal.portal, name="portal"),
]
