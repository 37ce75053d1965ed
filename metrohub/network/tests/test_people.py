from metrohub.network.models import Consent, Position


def test_a_new_title_is_a_new_position_and_consent_is_recorded(client, membership_staff, city):
    # given Awa Ndiaye, focal point of the city, with no consent on record
    person = city.positions.get().person
    client.force_login(membership_staff)
    # when her title changes and she agrees to be contacted
    response = client.post(
        f"/registry/organisations/{city.pk}/people/{person.pk}/",
        {
            "name": "Awa Ndiaye",
            "title": "Director of International Relations",
            "role": "staff",
            "email": "awa@dakar.example",
            "contact_consent": "on",
        },
    )
    assert response.status_code == 302
    # then the old position is closed, a new one is open, and the consent says who recorded it
    positions = Position.objects.filter(person=person).order_by("id")
    assert [(p.title, p.end is None) for p in positions] == [
        ("International relations officer", False),
        ("Director of International Relations", True),
    ]
    consent = Consent.objects.get(person=person, purpose="contact")
    assert consent.withdrawn_at is None and str(membership_staff) in consent.method
    page = client.get(f"/registry/organisations/{city.pk}/").content.decode()
    assert "agreed" in page and "Director of International Relations" in page
    # when the consent is withdrawn, the record stays, marked withdrawn
    client.post(
        f"/registry/organisations/{city.pk}/people/{person.pk}/",
        {
            "name": "Awa Ndiaye",
            "title": "Director of International Relations",
            "role": "staff",
            "email": "awa@dakar.example",
        },
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_person_form_with_a_bad_email_says_what_is_wrong_and_saves_nothing(client, membership_staff, city):
    person = city.positions.get().person
    client.force_login(membership_staff)
    response = client.post(
        f"/registry/organisations/{city.pk}/people/{person.pk}/",
        {"name": "Awa Ndiaye", "title": "x", "role": "staff", "email": "not-an-email"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    person.refresh_from_db()
    assert person.email == "awa@dakar.example"
