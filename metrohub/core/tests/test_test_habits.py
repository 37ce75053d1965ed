"""The habits of metrohub's tests that a reviewer should not have to catch (STYLE.md, habit 11).

A refusal test names its reason: `pytest.raises(NotAllowed, match="another city")`. A bare
`pytest.raises(DomainError)` also passes on a permission refusal (NotAllowed is a DomainError)
or on the wrong refusal ("full" instead of "closed"), so it proves less than it claims.
"""

import ast
import importlib
from pathlib import Path

from metrohub.core.errors import DomainError

ROOT = Path(__file__).resolve().parents[3]
TEST_FOLDERS = [ROOT / "metrohub", ROOT / "tests"]


def files_of_tests() -> list[Path]:
    files = []
    for folder in TEST_FOLDERS:
        for path in folder.rglob("*.py"):
            if "tests" in path.relative_to(ROOT).parts[:-1] or path.name.startswith("test_"):
                files.append(path)
    return sorted(files)


def imported_names(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """What each name a file imports stands for: (module, attribute) or (module, None)."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                names[bound] = (alias.name if alias.asname else bound, None)
    return names


def resolve(expression: ast.expr, names: dict[str, tuple[str, str | None]]) -> object | None:
    """The object a `pytest.raises` argument names (`NotAllowed`, `services.AnswerErrors`), if the
    file's imports say where it comes from."""
    path = []
    while isinstance(expression, ast.Attribute):
        path.insert(0, expression.attr)
        expression = expression.value
    if not isinstance(expression, ast.Name) or expression.id not in names:
        return None
    module, attribute = names[expression.id]
    try:
        target = importlib.import_module(module)
        if attribute is not None:
            target = getattr(target, attribute, None) or importlib.import_module(f"{module}.{attribute}")
        for part in path:
            target = getattr(target, part)
    except (ImportError, AttributeError):
        return None
    return target


def is_pytest_raises(call: ast.Call) -> bool:
    function = call.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "raises"
        and isinstance(function.value, ast.Name)
        and function.value.id == "pytest"
    )


def bare_domain_error_raises(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and is_pytest_raises(node) and node.args):
            continue
        if any(keyword.arg == "match" for keyword in node.keywords):
            continue
        expected = node.args[0]
        classes = expected.elts if isinstance(expected, ast.Tuple) else [expected]
        for expression in classes:
            target = resolve(expression, names)
            if isinstance(target, type) and issubclass(target, DomainError):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append(f"{where}: pytest.raises({ast.unparse(expression)}) without match=")
    return found


def test_every_refusal_test_names_its_reason():
    bare = [line for path in files_of_tests() for line in bare_domain_error_raises(path)]
    assert bare == [], "name the refusal's reason with match=:\n" + "\n".join(bare)


def test_the_check_finds_a_bare_refusal_and_accepts_a_named_one(tmp_path, monkeypatch):
    # given a test file with a bare refusal, one named by its reason and a non-domain error
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    example = tmp_path / "test_example.py"
    example.write_text(
        "import pytest\n"
        "from metrohub.core import errors\n"
        "from metrohub.core.errors import DomainError, NotAllowed\n"
        "def test_a():\n"
        "    with pytest.raises(DomainError):\n"
        "        pass\n"
        "    with pytest.raises((ValueError, errors.NotAllowed)):\n"
        "        pass\n"
        "    with pytest.raises(NotAllowed, match='another city'):\n"
        "        pass\n"
        "    with pytest.raises(ValueError):\n"
        "        pass\n",
        encoding="utf-8",
    )
    # then the check names the two bare refusals, and only them
    assert bare_domain_error_raises(example) == [
        "test_example.py:5: pytest.raises(DomainError) without match=",
        "test_example.py:7: pytest.raises(errors.NotAllowed) without match=",
    ]
