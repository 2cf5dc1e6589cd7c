"""SQL only with bound parameters: no value is ever formatted into an SQL string.

Every ``execute``/``executemany``/``executescript`` call in talkwatch/ is read with the
``ast`` module; its SQL argument must be built from constants only: string literals,
f-strings / ``+`` / ``%`` / ``.format`` / ``" ".join(parts)`` whose pieces are constants,
names assigned only constants (a conditional between two literals included), and module
constants. Values go in the parameters. The exceptions are listed in ``ALLOWED`` with
their reasons.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "talkwatch"
SQL_METHODS = {"execute", "executemany", "executescript"}
# (file, function or "*", name): that name may be interpolated there, for the reason given.
ALLOWED = {
    ("talkwatch/store.py", "Store.counts", "table"):
        "the table name comes from the fixed tuple ('documents', 'attributions', 'positions')",
    ("talkwatch/store.py", "run_script", "statement"):
        "runs a migration's statements, split from the SQL literal in its @migration function",
    ("talkwatch/fastboard.py", "*", "prefix"):
        "the schema prefix of the board cache tables, '' or 'temp.' (fastboard._schema)",
    ("talkwatch/fastboard.py", "_write", "statement"):
        "the CREATE statements of _TABLES, formatted with the schema prefix",
    ("talkwatch/fastboard.py", "_write", "table"):
        "the cache table names from the fixed tuple ('meta', 'steps', 'keys', 'conditions', 'undated')",
}
MUST_BE_USED = {("talkwatch/store.py", "Store.counts", "table")}  # the ones in files this test's owner keeps


class _Scope:
    """Assignments visible from one function: its own, then the module's."""

    def __init__(self, module: ast.Module, function: ast.AST | None, allowed: frozenset[str] = frozenset()):
        self.module = module
        self.function = function
        self.allowed = allowed  # names allowed to be interpolated here (see ALLOWED)
        self.used: set[str] = set()

    def assignments(self, name: str) -> list[tuple[str, ast.AST]]:
        found: list[tuple[str, ast.AST]] = []
        for owner in [self.function] if self.function is not None else []:
            found += _assignments_in(owner, name)
        if not found:
            found = _assignments_in(self.module, name, top_level_only=True)
        return found


def _assignments_in(owner: ast.AST, name: str, top_level_only: bool = False) -> list[tuple[str, ast.AST]]:
    nodes = owner.body if top_level_only else list(ast.walk(owner))  # type: ignore[attr-defined]
    out: list[tuple[str, ast.AST]] = []
    for node in nodes:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            out.append(("value", node.value))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name and node.value:
            out.append(("value", node.value))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            out.append(("extend", node.value))
        elif isinstance(node, (ast.For, ast.comprehension)) and _binds(node.target, name):
            out.append(("loop", node.iter))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and not top_level_only:
            args = node.args
            if any(a.arg == name for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]):
                out.append(("parameter", node))
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == name
            and node.func.attr in ("append", "extend", "insert")
        ):
            out.append((node.func.attr, node.args[-1] if node.args else node))
    return out


def _binds(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def constant(node: ast.AST, scope: _Scope, depth: int = 0) -> bool:
    """True when ``node`` can only evaluate to a value written in the source."""
    if depth > 20:
        return False
    again = lambda n: constant(n, scope, depth + 1)  # noqa: E731
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and again(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return again(node.left) and again(node.right)
    if isinstance(node, ast.IfExp):
        return again(node.body) and again(node.orelse)
    if isinstance(node, ast.BoolOp):  # `prefix or 'main.'`
        return all(again(v) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(again(e) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "join" and isinstance(node.func.value, ast.Constant):
            return len(node.args) == 1 and again(node.args[0])
        if node.func.attr == "format":
            return again(node.func.value) and all(again(a) for a in node.args) and all(again(k.value) for k in node.keywords)
        return False
    if isinstance(node, ast.Name):
        if node.id in scope.allowed:
            scope.used.add(node.id)
            return True
        found = scope.assignments(node.id)
        if not found:
            return False
        for how, value in found:
            if how in ("loop", "parameter"):
                return False  # a loop variable or an argument: not provably constant
            if not again(value):
                return False
        return True
    return False


def sql_calls(path: Path, rel: str = "") -> list[tuple[str, int, str, bool, set[str]]]:
    """(function qualname, line, source, constant?, allowed names used) per SQL call in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[str, int, str, bool, set[str]]] = []

    def allowed_in(qual: str) -> frozenset[str]:
        return frozenset(name for f, fn, name in ALLOWED if f == rel and fn in ("*", qual))

    def visit(node: ast.AST, qual: list[str], function: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, [*qual, child.name], function)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, [*qual, child.name], child)
            else:
                if (
                    isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr in SQL_METHODS and child.args
                ):
                    name = ".".join(qual)
                    scope = _Scope(tree, function, allowed_in(name))
                    ok = constant(child.args[0], scope)
                    out.append((name, child.lineno, ast.unparse(child.args[0])[:80], ok, scope.used))
                visit(child, qual, function)

    visit(tree, [], None)
    return out


def test_every_sql_statement_is_built_from_constants_only() -> None:
    offenders, used, calls = [], set(), 0
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for qual, line, source, ok, names in sql_calls(path, rel):
            calls += 1
            used |= {(rel, fn, n) for f, fn, n in ALLOWED if f == rel and fn in ("*", qual) and n in names}
            if not ok:
                offenders.append(f"{rel}:{line} in {qual or '<module>'}: {source}")
    assert calls > 10, "the checker found the SQL calls"
    assert not offenders, (
        "SQL built from non-constant values (use ? parameters, or add a reasoned entry to ALLOWED):\n"
        + "\n".join(offenders)
    )
    assert MUST_BE_USED <= used, f"stale ALLOWED entries: {MUST_BE_USED - used}"


def test_the_checker_catches_interpolated_values(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'TABLE = "documents"\n'
        "def a(conn, key):\n    conn.execute(f\"SELECT * FROM documents WHERE doc_key = '{key}'\")\n"
        "def b(conn, key):\n    sql = \"SELECT * FROM documents WHERE doc_key = '%s'\" % key\n    conn.execute(sql)\n"
        "def c(conn, key):\n    conn.execute(\"SELECT {}\".format(key))\n"
        "def d(conn, key):\n    parts = ['SELECT 1']\n    parts.append(key)\n    conn.execute(' '.join(parts))\n"
        "def e(conn, key):\n    conn.execute('SELECT * FROM documents WHERE doc_key = ?', (key,))\n"
        "def f(conn, flag):\n    where = 'WHERE 1' if flag else ''\n    conn.execute(f'SELECT * FROM {TABLE} {where}')\n"
        "def g(conn):\n    for t in ('a', 'b'):\n        conn.execute(f'SELECT COUNT(*) FROM {t}')\n",
        encoding="utf-8",
    )
    verdicts = {qual: ok for qual, _line, _src, ok, _used in sql_calls(bad)}
    assert verdicts == {"a": False, "b": False, "c": False, "d": False, "e": True, "f": True, "g": False}
