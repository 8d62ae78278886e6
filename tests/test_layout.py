"""The package's layers: which module may import which, and no import circles."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "etcdlint"

# Each layer and the layers it may import from (besides itself). ``model`` and ``records``
# are shared by all; nothing imports the command line.
ALLOWED = {
    "text": {"records"},
    "etcd": {"text", "model", "records"},
    "model": {"text", "records"},
    "repo": {"text", "model", "records"},
    "sources": {"text", "etcd", "model", "records"},
    "rules": {"text", "etcd", "model", "records"},
    "report": {"rules", "model", "text", "repo", "records", "__init__"},
    "config": {"rules", "repo", "text", "records"},
    "engine": {"config", "sources", "rules", "repo", "etcd", "text", "model", "records"},
    "fixing": {"engine", "rules", "etcd", "text", "model", "records", "report", "repo"},
}


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


def test_nothing_imports_the_command_line():
    assert [m for m, targets in imports().items()
            if "etcdlint.cli" in targets and m != "etcdlint.__main__"] == []


def test_the_engine_does_not_import_the_fix_layer():
    assert sorted(f"{m} -> {t}" for m, targets in imports().items() if layer(m) == "engine"
                  for t in targets if t.startswith("etcdlint.fixing")) == []


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
