"""The package's layers: which module may import which, and no import circles."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "etcdlint"

# The layers from the bottom up; each imports only from the layers listed for it (besides
# itself), all of them below it. ``records`` and ``model`` are the shared data; ``repo``
# knows the repository's files, ``etcd`` how etcd reads its configuration; ``sources``
# (where configuration lives) and ``rules`` (what is wrong with it) see neither the
# repository nor each other; ``config`` makes the run's settings; ``engine`` runs them;
# ``report`` and ``fixing`` use a run's results; the command line (``cli``, ``options``,
# ``__main__``) wires it all and nothing imports it.
ALLOWED = {
    "__init__": set(),
    "records": set(),
    "text": {"records"},
    "model": {"text", "records"},
    "etcd": {"text", "model", "records"},
    "repo": {"text", "model", "records"},
    "sources": {"etcd", "text", "model", "records"},
    "rules": {"etcd", "text", "model", "records"},
    "config": {"rules", "repo", "text", "records"},
    "engine": {"config", "sources", "rules", "repo", "text", "model", "records"},
    "report": {"__init__", "rules", "repo", "text", "model", "records"},
    "fixing": {"engine", "config", "report", "rules", "repo", "etcd", "text", "model",
               "records"},
}
TOP = {"cli", "options", "__main__"}
# At most this many modules beside the packages at the top of etcdlint/.
MAX_TOP_MODULES = 6


def module_name(path):
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports():
    """``{module: {imported etcdlint module, ...}}``, function-level imports included."""
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("etcdlint"):
                    found.add(node.module)
                    if node.module == "etcdlint":
                        found.update(f"etcdlint.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("etcdlint"))
        graph[name] = {m for m in found if m != name}
    return graph


def layer(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_is_in_a_layer_or_at_the_top():
    assert sorted({layer(m) for m in imports()} - ALLOWED.keys() - TOP) == []


def test_every_layer_imports_only_the_layers_it_may():
    wrong = []
    graph = imports()
    for module, targets in graph.items():
        allowed = ALLOWED.get(layer(module))
        if allowed is None:
            continue
        for target in targets & graph.keys():
            if layer(target) not in allowed | {layer(module)}:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_layers_have_an_order():
    """No layer may import, through others, one that may import it: nothing imports upward."""
    below = {name: set(allowed) for name, allowed in ALLOWED.items()}
    for _ in ALLOWED:
        for name in below:
            below[name] |= {deeper for lower in below[name] for deeper in below[lower]}
    assert sorted(name for name in below if name in below[name]) == []


def test_nothing_imports_the_command_line():
    assert sorted(f"{m} -> {t}" for m, targets in imports().items() if layer(m) not in TOP
                  for t in targets if layer(t) in TOP) == []


def test_the_engine_does_not_import_the_fix_layer():
    assert sorted(f"{m} -> {t}" for m, targets in imports().items() if layer(m) == "engine"
                  for t in targets if t.startswith("etcdlint.fixing")) == []


def test_reading_documents_imports_no_rule():
    """Locating configuration in documents knows no rule: the rules' document checks are
    handed to it."""
    assert sorted(t for t in imports()["etcdlint.engine.documents"]
                  if t.startswith("etcdlint.rules")) == []


def test_the_top_of_the_package_holds_at_most_six_modules():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_MODULES, modules
    assert modules == ["__init__.py", "__main__.py", "cli.py", "model.py", "options.py",
                       "records.py"]


def test_no_import_circle():
    graph = imports()
    # Resolve "etcdlint.x.y" targets to known modules (a package stands for its __init__).
    graph = {m: {t for t in ts if t in graph} for m, ts in graph.items()}
    circles = []
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                circles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert circles == []
