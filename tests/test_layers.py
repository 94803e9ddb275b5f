"""The package's layers import downwards only (docs/index.md, "Layers").

Every ``import`` of every module is read from its source (also those inside functions and
under ``TYPE_CHECKING``), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "normalizer"

#: Bottom to top; a module may import its own layer and the layers below it.
LAYERS = (
    ("vocabulary", ("normalizer.model", "normalizer.errors", "normalizer.config", "normalizer.caches")),
    ("rules", ("normalizer.rules",)),
    ("table", ("normalizer.table", "normalizer.tableio", "normalizer.atomic")),
    ("core", ("normalizer.core",)),
    ("corpus", ("normalizer.corpus",)),
    ("api", ("normalizer.normalizer",)),
    ("adapters", ("normalizer.adapters",)),
    ("tables", ("normalizer.tables",)),
    ("cli", ("normalizer.cli", "normalizer.__main__")),
)


def layer_of(module: str) -> int | None:
    """Index in :data:`LAYERS` of a dotted module name, None for the package itself."""
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names) of every import of normalizer's own modules."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "normalizer":
            out.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, []) for a in node.names if a.name.split(".")[0] == "normalizer")
    return out


def violations(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        me = module_name(path, root)
        mine = layer_of(me)
        for line, target, names in imports(path):
            # `from normalizer.core import score` names a module: judge the module.
            targets = [f"{target}.{n}" if target.count(".") == 1 and (root / target.split(".")[1] / f"{n}.py").exists()
                       else target for n in names] or [target]
            for t in targets:
                theirs = layer_of(t)
                where = f"{path.relative_to(root.parent)}:{line}"
                if theirs is None and mine is not None:
                    found.append(f"{where}: {me} imports the package root ({t}); import the defining module")
                elif mine is not None and theirs is not None and theirs > mine:
                    found.append(f"{where}: {me} ({LAYERS[mine][0]}) imports {t} ({LAYERS[theirs][0]})")
            private = [n for n in names if n.startswith("_") and target != me]
            if private:
                found.append(f"{path.relative_to(root.parent)}:{line}: {me} imports private {', '.join(private)} "
                             f"from {target}")
    return found


def test_every_module_belongs_to_a_layer() -> None:
    orphans = [module_name(p) for p in PACKAGE.rglob("*.py") if module_name(p) != "normalizer"
               and layer_of(module_name(p)) is None]
    assert not orphans, f"modules in no layer of tests/test_layers.py: {orphans}"


def test_layers_import_downwards_only_and_no_private_names() -> None:
    bad = violations()
    assert not bad, "\n".join(bad)


def test_the_check_can_fail(tmp_path: Path) -> None:
    # A core module importing corpus mode, and a private name taken across modules, are both reported.
    pkg = tmp_path / "normalizer"
    (pkg / "core").mkdir(parents=True)
    (pkg / "corpus").mkdir()
    (pkg / "core" / "bad.py").write_text("from normalizer.corpus.spot import Spotter\n"
                                         "from normalizer.core.scripts import _RANGES\n", encoding="utf-8")
    found = violations(pkg)
    assert any("(core) imports normalizer.corpus.spot (corpus)" in f for f in found), found
    assert any("imports private _RANGES" in f for f in found), found


@pytest.mark.parametrize("name", ["normalizer.core.resolver", "normalizer.corpus.spot", "normalizer.cli"])
def test_layer_of_known_modules(name: str) -> None:
    assert layer_of(name) is not None
