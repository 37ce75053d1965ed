from pathlib import Path

from metrohub.core.i18n_check import check_templates, untranslated_text


def test_no_visible_template_text_is_left_outside_translation_tags():
    findings = check_templates()
    assert findings == [], "\n".join(f"{f.template.relative_to(Path.cwd())}: {f.text!r}" for f in findings)


def test_the_check_catches_text_left_outside_translation_tags(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Members" %}</h1><p>Forgotten sentence</p>'
        '<input placeholder="Search here"><span title="{% translate \'Fine\' %}">{{ value }}</span>'
    )
    assert [f.text for f in untranslated_text(template)] == ["Search here", "Forgotten sentence"]


def test_the_interface_switches_to_french_and_spanish(client, city, membership_staff):
    from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

    MembershipFactory(organisation=OrganisationFactory(name="Big City", population=2646503))
    client.force_login(membership_staff)
    for language, members, region, population in [
        ("fr", "Les membres du réseau", "Europe", "2\xa0646\xa0503"),
        ("es", "Los miembros de la red", "Europa", "2\xa0646\xa0503"),
    ]:
        response = client.post("/i18n/setlang/", {"language": language, "next": "/members/"}, follow=True)
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
        assert members in page, language
        assert region in client.get("/registry/?q=big").content.decode()
        assert population in client.get("/registry/?q=big").content.decode(), language
