"""The package's layers: ingest (reading files) -> analysis (numbers and codes) -> present (what people read).

Every import inside ``jobsearch_analysis`` is read from the source (no code runs) and checked against the rules:
ingest never imports analysis or present; analysis never imports present; the shared modules at the top
(``schema``, ``errors``, ``privacy``, ``notes``) import no layer but the vocabulary they need; no module reaches
into another's private names (``from x import _name``, ``x._name``): what another module needs is public in its
owner; and the analysis and privacy return what they found as fields of their results, not in ``DataFrame.attrs``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "jobsearch_analysis"
LAYERS = ("ingest", "analysis", "present")
FORBIDDEN = {
    "ingest": {"analysis", "present"},
    "analysis": {"present"},
    "present": set(),
    "schema": {"ingest", "analysis", "present"},
    "errors": {"ingest", "analysis", "present"},
    "privacy": {"analysis", "present"},
    "notes": {"ingest", "analysis", "present"},
}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def owner(path: Path) -> str:
    """The layer (or top-level module) a file belongs to."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if parts[0] in LAYERS else Path(parts[0]).stem


def imported(path: Path) -> list[tuple[str, list[str], int]]:
    """Every ``jobsearch_analysis`` module a file imports, with the names it takes from it and the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jobsearch_analysis"):
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("jobsearch_analysis")]
    return found


def target_layer(module: str, names: list[str]) -> set[str]:
    """The layers an import reaches: ``jobsearch_analysis.present.charts``, or ``from jobsearch_analysis.present
    import charts``, or ``from jobsearch_analysis import x`` (the package root re-exports ingest and analysis)."""
    parts = module.split(".")
    if len(parts) > 1:
        return {parts[1]}
    return set(names)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    rules = FORBIDDEN.get(owner(path), set())
    broken = [
        f"line {line}: {module} {names}"
        for module, names, line in imported(path)
        if target_layer(module, names) & rules
    ]
    assert not broken, broken


def test_the_rules_see_every_layer_and_catch_a_breach(tmp_path):
    assert {owner(p) for p in modules()} >= {*LAYERS, "schema", "errors", "privacy", "cli"}
    breach = tmp_path / "breach.py"
    breach.write_text("from jobsearch_analysis.present.charts import plain\n", encoding="utf-8")
    assert target_layer(*imported(breach)[0][:2]) & FORBIDDEN["analysis"]


def private_reach_ins(path: Path) -> list[str]:
    """Imports of another module's ``_name``, and ``module._name`` on an imported module of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()  # what the package's imports bind in this file
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jobsearch_analysis"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {
                (a.asname or a.name).split(".")[-1] for a in node.names if a.name.startswith("jobsearch_analysis")
            }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jobsearch_analysis"):
            found += [f"line {node.lineno}: from {node.module} import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]  # fmt: skip
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in names
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_reaches_into_another_modules_private_names(path):
    assert not private_reach_ins(path)


def test_a_private_reach_in_is_caught(tmp_path):
    breach = tmp_path / "breach.py"
    breach.write_text(
        "from jobsearch_analysis.analysis import pivot\nfrom jobsearch_analysis.present.page import _hidden\n"
        "x = pivot._prepared\n",
        encoding="utf-8",
    )
    assert len(private_reach_ins(breach)) == 2


def attrs_uses(path: Path) -> list[str]:
    """Every ``x.attrs`` in a file, as the source of the smallest expression around it."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "attrs":
            around = parents.get(node)
            while isinstance(around, (ast.Attribute, ast.Subscript, ast.Call)) and isinstance(
                parents.get(around), (ast.Attribute, ast.Subscript, ast.Call)
            ):
                around = parents[around]
            found.append(ast.get_source_segment(source, around if around is not None else node))
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_rides_in_dataframe_attrs(path):
    """The as-of date, notes and windows travel as arguments and result fields: pandas drops ``attrs`` on a
    concat whose parts differ, and analysis must never fall back to today because they went missing."""
    assert attrs_uses(path) == []


def test_an_attrs_note_is_caught(tmp_path):
    breach = tmp_path / "breach.py"
    breach.write_text('out.attrs["notes"] = ["a sentence"]\nx = table.attrs.get("window_days")\n', encoding="utf-8")
    assert attrs_uses(breach) == ['out.attrs["notes"]', 'table.attrs.get("window_days")']


LONGEST = 80
"""Lines of code a function may have (its docstring not counted): a longer one is several steps that want names."""


def code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the docstring
    return 0 if not body else body[-1].end_lineno - body[0].lineno + 1


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_is_longer_than_about_eighty_lines(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert [(f.name, code_lines(f)) for f in functions if code_lines(f) > LONGEST] == []


def test_the_length_rule_counts_code_not_the_docstring(tmp_path):
    long = "def f():\n    '''doc\n\n    more'''\n" + "".join(f"    x{i} = {i}\n" for i in range(81))
    function = ast.parse(long).body[0]
    assert code_lines(function) == 81
