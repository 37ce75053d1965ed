"""No Python file is over 400 lines unless its first lines say why (a comment starting
`# Over 400 lines because`): a long file is split by purpose, or owns up to its length.
Migrations are generated and left out, as is vendored code."""

from pathlib import Path

import metrohub

REPO = Path(metrohub.__file__).parent.parent
FOLDERS = ["metrohub", "benchmarks", "tests", "config"]
LIMIT = 400
REASON = "# Over 400 lines because"
HEADER_LINES = 10


def _left_out(relative: Path) -> bool:
    return bool({"migrations", "vendor", "vendored", "__pycache__"} & set(relative.parts))


def long_files_without_reason() -> list[str]:
    found = []
    for folder in FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO)
            if _left_out(relative):
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            if len(lines) > LIMIT and not any(line.startswith(REASON) for line in lines[:HEADER_LINES]):
                found.append(f"{relative.as_posix()} ({len(lines)} lines)")
    return found


def test_no_file_is_over_400_lines_without_saying_why():
    assert long_files_without_reason() == []


def test_the_check_finds_a_long_file(tmp_path, monkeypatch):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "long.py").write_text("x = 1\n" * 401)
    (tmp_path / "tests" / "owned.py").write_text(f"{REASON} it is a table.\n" + "x = 1\n" * 401)
    (tmp_path / "tests" / "migrations").mkdir()
    (tmp_path / "tests" / "migrations" / "0001.py").write_text("x = 1\n" * 401)
    for folder in ("metrohub", "benchmarks", "config"):
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    assert long_files_without_reason() == ["tests/long.py (401 lines)"]
