"""Acting without a permission check is one explicit switch, `SYSTEM`, used by loaders, demo data,
commands and tasks only; a service cannot be called without an actor, nor with None."""

import ast
from pathlib import Path

import pytest

import metrohub
from metrohub.core.errors import NotAllowed
from metrohub.core.permissions import ALLOWED, SYSTEM, acting_user, deny, ensure_allowed

ROOT = Path(metrohub.__file__).parent

# path (from metrohub/) → why it may act as the system although it is not a loader, demo, command or task.
SYSTEM_ALLOWED = {
    "core/permissions.py": "where SYSTEM is defined.",
    "fund/services.py": "fund_copy copies a fund's calls as part of the fund's set-up, once the finance "
    "team's right to copy the fund was checked (the calls' own rule admits the programmes team only).",
}


def _may_use_system(relative: Path) -> bool:
    parts = relative.parts
    return (
        relative.name in {"dataset.py", "demo.py", "tasks.py", "conftest.py"}
        or "datasets" in parts
        or ("management" in parts and "commands" in parts)
        or "tests" in parts
        or relative.as_posix() in SYSTEM_ALLOWED
    )


def _uses_system(tree: ast.AST) -> list[int]:
    lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "SYSTEM"]
    lines += [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and any(alias.name == "SYSTEM" for alias in node.names)
    ]
    return sorted(lines)


def test_only_loaders_demo_data_commands_and_tasks_act_as_the_system():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if _may_use_system(relative):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"metrohub/{relative.as_posix()}:{line}" for line in _uses_system(tree)]
    assert not found, "SYSTEM used outside loaders, demo data, commands and tasks:\n" + "\n".join(found)


def test_every_services_actor_is_keyword_only_and_required():
    found = []
    for path in sorted(ROOT.rglob("services.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            defaults = dict(zip([a.arg for a in node.args.kwonlyargs], node.args.kw_defaults, strict=True))
            if "actor" in positional or defaults.get("actor") is not None:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}")
    assert not found, "`actor` must be keyword-only with no default:\n" + "\n".join(found)


def test_the_system_passes_without_asking_the_rule():
    def rule(actor):
        raise AssertionError("the rule was asked")

    ensure_allowed(SYSTEM, rule)  # no error: SYSTEM is the switch


def test_a_user_is_refused_with_the_rules_reason():
    with pytest.raises(NotAllowed, match="only the finance team"):
        ensure_allowed(object(), lambda actor: deny("only the finance team"))
    ensure_allowed(object(), lambda actor: ALLOWED)


def test_none_is_not_an_actor():
    with pytest.raises(TypeError, match="not an actor"):
        ensure_allowed(None, lambda actor: ALLOWED)
    with pytest.raises(TypeError, match="not an actor"):
        acting_user(None)


@pytest.mark.django_db
def test_a_service_refuses_a_missing_or_none_actor_and_the_system_records_no_user():
    from metrohub.projects import services
    from metrohub.projects.models import Project

    # given no actor, or None: the service refuses before writing
    with pytest.raises(TypeError):
        services.project_create(acronym="NOACT", name="No actor")
    with pytest.raises(TypeError, match="not an actor"):
        services.project_create(actor=None, acronym="NONE", name="None as actor")
    assert not Project.objects.filter(acronym__in=["NOACT", "NONE"]).exists()
    # when the system creates one
    project = services.project_create(actor=SYSTEM, acronym="SYS", name="By the system")
    # then its history names no user, as before
    assert project.history.get().history_user is None
