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
