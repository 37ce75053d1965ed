"""Every write goes through a service: no `.save()`, `.create()`, `.update()`, `.delete()`,
`.bulk_create()`, `.get_or_create()` or `.update_or_create()` outside an app's services (and the
places that load data: migrations, dataset loaders, demo data; and tests). A few places are the
machinery services themselves stand on; each is listed below with the reason it may write."""

import ast
import sys
from pathlib import Path

import metrohub

ROOT = Path(metrohub.__file__).parent
WRITES = {"save", "create", "update", "delete", "bulk_create", "get_or_create", "update_or_create"}
# These take their records as positional arguments, so no other library's method is mistaken for them.
ALWAYS_WRITES = {"bulk_create", "get_or_create", "update_or_create"}

# path (from metrohub/) → why it may write outside a services module.
ALLOWED = {
    "futures/observations.py": "observations_write: the bulk COPY/INSERT path futures/services.py runs.",
    "futures/strategies.py": "strategies_write: saves the strategies futures/services.py checked.",
    "futures/models.py": "Release.save extends Model.save to refuse changing a published release.",
    "futures/publishing.py": "the publication lock and its progress, run by futures/services.py.",
    "core/datasets.py": "load_year: the year's declared figures, the loader every app's dataset.py joins.",
    "core/history.py": "save_as is the one save every service goes through (it sets the history user).",
    "core/files.py": "give_private_names renames stored files for the migrations that brought random names.",
    "core/privacy.py": "the erasure engine, called only by network/privacy.py's person_erase service.",
    "core/restore.py": "restoring a backup writes its rows back as they were, on purpose past every rule.",
    "network/models.py": "Organisation.save extends Model.save (the model's own machinery, not a write).",
    "network/privacy.py": "person_export and person_erase: the privacy services, in a room of their own.",
}


def _excluded(relative: Path) -> bool:
    parts = relative.parts
    return (
        relative.name == "services.py"
        or "services" in parts
        or "migrations" in parts
        or relative.name in {"dataset.py", "demo.py", "conftest.py"}
        or "datasets" in parts
        or "tests" in parts
    )


def _allowed(relative: Path) -> bool:
    path = relative.as_posix()
    return any(path == entry or (entry.endswith("/") and path.startswith(entry)) for entry in ALLOWED)


def _is_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in WRITES:
        return False
    if call.func.attr in ALWAYS_WRITES:
        return True
    # Model.save(), Model.delete(), QuerySet.update(**fields) and Manager.create(**fields) take no
    # positional argument: dict.update(mapping), storage.save(name, content), workbook.save(file) do.
    return all(isinstance(arg, ast.Starred) for arg in call.args)


def writes_outside_services() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if _excluded(relative) or _allowed(relative):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and _is_write(node):
                found.append(f"metrohub/{relative.as_posix()}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def test_every_write_is_in_a_service():
    found = writes_outside_services()
    assert not found, "Writes outside services (move them into the app's services):\n" + "\n".join(found)


def test_the_walk_finds_a_write(tmp_path, monkeypatch):
    # given a view that saves a form itself
    app = tmp_path / "someapp"
    app.mkdir()
    (app / "views.py").write_text(
        "def edit(request, form):\n    form.save()\n    Thing.objects.filter(pk=1).update(x=2)\n"
    )
    (app / "services.py").write_text("def thing_save(thing):\n    thing.save()\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    # when the walk runs, then it names both writes of the view and none of the service
    found = writes_outside_services()
    assert [line.split(": ", 1)[0] for line in found] == [
        "metrohub/someapp/views.py:2",
        "metrohub/someapp/views.py:3",
    ]


def test_every_allowed_entry_still_exists():
    for entry in ALLOWED:
        assert (ROOT / entry).exists(), (
            f"{entry} is allowed to write but no longer exists: drop it from ALLOWED"
        )
