"""URL samples for the permission matrix: a prospective member and its next step, and a change of
a member's status."""


def samples() -> dict:
    from metrohub.network.membership import services

    prospect = services.prospect_express_interest(
        name="Matrix Prospect",
        kind="city",
        country="GH",
        category="full",
        contact_name="Ama",
        contact_email="ama@matrix.example",
    )
    return {"prospect_pk": prospect.pk, "move": "apply", "change": "suspend"}
