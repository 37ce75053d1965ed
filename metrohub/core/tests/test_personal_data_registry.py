"""The personal-data registry (core/privacy.py) covers every model: a field that looks personal
is declared personal, with how it links to a person, or declared not personal."""

import pytest

from metrohub.core import privacy


def test_every_field_that_looks_personal_is_declared():
    assert privacy.unregistered_fields() == []


def test_a_model_left_out_of_the_registry_is_caught(monkeypatch):
    # given the speakers' declaration forgotten
    monkeypatch.delitem(privacy._REGISTRY, "events.Speaker")
    # when the registry is checked
    missing = privacy.unregistered_fields()
    # then the speakers' names and titles are named
    assert {"events.Speaker.name", "events.Speaker.title", "events.Speaker.gender"} <= set(missing)


def test_a_new_field_that_looks_personal_is_caught(monkeypatch):
    # given a date of birth on participants, declared nowhere
    from django.db import models

    from metrohub.programs.models import Participant

    birth = models.DateField(name="date_of_birth", null=True)
    birth.set_attributes_from_name("date_of_birth")
    monkeypatch.setattr(Participant._meta, "concrete_fields", (*Participant._meta.concrete_fields, birth))
    # then the registry test names it
    assert privacy.unregistered_fields() == ["programs.Participant.date_of_birth"]


@pytest.mark.parametrize("entry", privacy.registry(), ids=lambda entry: entry.label)
def test_every_declared_field_and_link_exists(entry):
    model = entry.model
    for name in (*entry.fields, *entry.keep, *entry.on_erase):
        model._meta.get_field(name)  # raises on a typo
    assert set(entry.keep) <= set(entry.fields)
    for path in (*entry.context, *entry.match, *([entry.person] if entry.person not in (None, "pk") else [])):
        model.objects.values(path)  # resolves the lookup, or raises FieldError
