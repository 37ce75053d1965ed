"""The personal data metrohub keeps, model by model: one registry that export and erasure walk.

Each app declares its models' personal fields in its own `personal_data.py` (discovered at start,
as `metrics.py` is):

    personal("events.Speaker", "name", "title", "gender", person="person", match={"name": "name"},
             keep=("gender",), context=("panel__title",))

- `person`: the lookup path from the model to the network's Person (`"pk"` for Person itself);
- `match`: for copies that keep no link, a field of the model matched (case-insensitively)
  against an attribute of the Person, e.g. a subscriber's email; used only on rows without a
  link, so that a link, when there is one, decides;
- `keep`: personal fields exported but kept on erasure, because they are counted and identify
  no one once the rest is gone (the share of women on a panel stays right);
- `on_erase`: other fields set on erasure (an erased subscriber is unsubscribed);
- `context`: lookups exported beside the fields, to say what the record is.

A model whose personal data cannot be tied to a Person (the secretariat's staff, kept under HR's
own rules) is declared without `person` or `match`: it is on the list, and export and erasure
say they leave it out. Fields whose names look personal but are not (an event's title) are
declared with `not_personal`, so that the registry test tells a forgotten field from a harmless
one.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat

ERASED_NAME = "—"

# A field whose name has one of these words is presumed personal until declared otherwise.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|names|email|phone|mobile|title|address|birth|birthday|gender|nationality|passport|"
    r"salary|surname|username)(_|$)"
)
# Apps whose models the registry covers: metrohub's own and the accounts.
COVERED_APPS = "metrohub."


@dataclass(frozen=True)
class PersonalData:
    label: str
    fields: tuple[str, ...]
    person: str | None = None
    match: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
    on_erase: dict[str, object] = field(default_factory=dict)
    context: tuple[str, ...] = ()
    why: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def linked(self) -> bool:
        return bool(self.person or self.match)


_REGISTRY: dict[str, PersonalData] = {}
_NOT_PERSONAL: dict[str, set[str]] = {}


def personal(label: str, *fields: str, **options) -> PersonalData:
    """Declare the personal fields of a model (see the module's docstring)."""
    entry = PersonalData(label, tuple(fields), **options)
    _REGISTRY[label] = entry
    return entry


def not_personal(label: str, *fields: str) -> None:
    """Declare fields whose names look personal but hold no personal data."""
    _NOT_PERSONAL.setdefault(label, set()).update(fields)


def registry() -> list[PersonalData]:
    return list(_REGISTRY.values())


def _is_history(model) -> bool:
    # django-simple-history's copies: covered by the model they copy (erasure walks them too).
    return hasattr(model, "instance_type")


def unregistered_fields() -> list[str]:
    """`app.Model.field` for every field that looks personal and is declared neither way."""
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith(COVERED_APPS) or _is_history(model):
            continue
        label = model._meta.label
        entry = _REGISTRY.get(label)
        declared = set(entry.fields) if entry else set()
        declared |= _NOT_PERSONAL.get(label, set())
        for model_field in model._meta.concrete_fields:
            if LOOKS_PERSONAL.search(model_field.name) and model_field.name not in declared:
                missing.append(f"{label}.{model_field.name}")
    return missing


def records_of(entry: PersonalData, person) -> models.QuerySet:
    """The rows of `entry`'s model that hold data on `person`."""
    model = entry.model
    condition = Q()
    if entry.person:
        condition |= Q(**{"pk" if entry.person == "pk" else f"{entry.person}_id": person.pk})
    for lookup, attribute in entry.match.items():
        value = getattr(person, attribute, "")
        if value:
            unlinked = {f"{entry.person}__isnull": True} if entry.person and entry.person != "pk" else {}
            condition |= Q(**{f"{lookup}__iexact": value, **unlinked})
    if not condition:
        return model.objects.none()
    return model.objects.filter(condition)


def export(person) -> dict[str, list[dict]]:
    """Every row that holds data on `person`, by model, with its personal fields and context."""
    found = {}
    for entry in registry():
        if not entry.linked:
            continue
        rows = list(records_of(entry, person).values("pk", *entry.fields, *entry.context).order_by("pk"))
        if rows:
            found[entry.label] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    return found


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _erased_value(model_field):
    if model_field.null:
        return None
    if model_field.unique:  # an erased email stays unique, and delivers nowhere
        return Concat(Value("erased-"), Cast(F("id"), CharField()), Value(".invalid"))
    if model_field.name == "name" or model_field.name.endswith("_name"):
        return ERASED_NAME  # an erased person still shows as someone, and constraints need a name
    if model_field.blank or isinstance(model_field, models.EmailField):
        return ""
    return ERASED_NAME


def erase(person) -> dict[str, int]:
    """Blank every personal value on `person`, in the records and their history. Returns the
    number of rows erased by model. The rows stay: what they counted towards stays counted."""
    # Find every row first: erasing the Person blanks the email and name the copies match on.
    targets = [(entry, list(records_of(entry, person).values_list("pk", flat=True))) for entry in registry()]
    erased = {}
    for entry, pks in targets:
        if not pks:
            continue
        model = entry.model
        values = {
            name: _erased_value(model._meta.get_field(name))
            for name in entry.fields
            if name not in entry.keep
        }
        values.update(entry.on_erase)
        if values:
            model.objects.filter(pk__in=pks).update(**values)
            history = getattr(model, "history", None)
            if history is not None:
                history.filter(id__in=pks).update(**values)
        erased[entry.label] = len(pks)
    return erased
