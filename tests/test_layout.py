"""The package's layout: dependencies run one way, from the server down to the shared model.

serve -> corpus -> ledger -> storage -> extraction -> geo -> knowledge -> model/nlp. A module may
import its own stage or any stage below it, never one above (the check reads every import of every
module, function-level ones included). No module is over 500 lines.
"""
from __future__ import annotations

import ast
from pathlib import Path

import counterclaim

PACKAGE = Path(counterclaim.__file__).parent
# The stages, lowest first; the top-level modules cli.py and __init__.py may import anything.
LAYERS = ["model", "nlp", "knowledge", "geo", "extraction", "storage", "ledger", "corpus", "serve", "evaluation"]
RANK = {"model": 0, "nlp": 0, **{name: n for n, name in enumerate(LAYERS) if n >= 2}}
TOP = {"cli", "__init__"}
MAX_LINES = 500


def stage(module: str) -> str | None:
    """The stage of a dotted module name inside the package ('counterclaim.geo.geoparse' -> 'geo')."""
    parts = module.split(".")
    return parts[1] if parts[0] == "counterclaim" and len(parts) > 1 else None


def imports_of(module: str, source: str, is_package: bool) -> list[str]:
    """The package modules `source` (the text of `module`) imports, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import x` names modules: each is its own import
            found += [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
    return [name for name in found if name.split(".")[0] == "counterclaim"]


def upward_imports(modules: dict[str, tuple[str, bool]]) -> list[str]:
    """'importer -> imported' for every import of a higher stage, over {module: (source, is_package)}."""
    bad = []
    for module, (source, is_package) in sorted(modules.items()):
        mine = stage(module)
        if mine is None or mine in TOP:
            continue
        for target in imports_of(module, source, is_package):
            theirs = stage(target)
            if theirs in TOP or (theirs in RANK and RANK[theirs] > RANK[mine]):
                bad.append(f"{module} -> {target}")
    return bad


def package_modules() -> dict[str, tuple[str, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path.read_text(encoding="utf-8"), is_package)
    return out


def test_every_stage_of_the_pipeline_is_a_subpackage() -> None:
    modules = package_modules()
    stages = {stage(m) for m in modules}
    assert {"knowledge", "geo", "extraction", "storage", "ledger", "corpus", "serve"} <= stages
    for name in LAYERS[2:]:
        assert (PACKAGE / name / "__init__.py").exists(), name
    # every module belongs to a stage, or is one of the shared and top-level modules
    loose = sorted(m for m in modules if m.count(".") == 1 and stage(m) not in {*LAYERS, *TOP})
    assert loose == [], loose


def test_no_module_imports_a_higher_stage() -> None:
    modules = package_modules()
    assert len(modules) > 40
    assert upward_imports(modules) == []


def test_the_check_finds_an_upward_import() -> None:
    modules = package_modules()
    # a geoparser reaching up into the server, the store or the ledger, or down-to-top into the CLI
    modules["counterclaim.geo.bad"] = ("from ..serve.api import create_app\n", False)
    modules["counterclaim.extraction.worse"] = ("def f():\n    from counterclaim.storage import store\n", False)
    modules["counterclaim.knowledge.top"] = ("from .. import cli\n", False)
    modules["counterclaim.storage.fine"] = ("from ..extraction.claims import build_claims\nfrom . import store\n", False)
    found = upward_imports(modules)
    assert found == ["counterclaim.extraction.worse -> counterclaim.storage",
                     "counterclaim.geo.bad -> counterclaim.serve.api",
                     "counterclaim.knowledge.top -> counterclaim.cli"]


def test_relative_imports_are_resolved_against_the_importing_module() -> None:
    src = "from ...knowledge.actors import load_actors\nfrom .relation import doc_text\nfrom ...nlp import parse\n"
    assert imports_of("counterclaim.extraction.attribution.verbal", src, False) == [
        "counterclaim.knowledge.actors", "counterclaim.extraction.attribution.relation", "counterclaim.nlp"]
    assert imports_of("counterclaim.extraction.claims", "from ..geo import places\n", False) == [
        "counterclaim.geo"]
    assert imports_of("counterclaim.ledger", "from .linking import link_claims\n", True) == [
        "counterclaim.ledger.linking"]


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_public_api_stays_at_the_top(shared: Path, tmp_path: Path) -> None:
    """`counterclaim.extract`, `open_store` and `ingest` are where users found them before the move."""
    article = shared / "fixtures" / "panjshir-2021-09.txt"
    extracted = counterclaim.extract(article.read_text(encoding="utf-8"), published="2021-09-06")
    with counterclaim.open_store(tmp_path / "claims.db") as store:
        report = counterclaim.ingest([str(article)], store, published="2021-09-06")
        stored = [row["claim"]["text"] for row in store.claims()]
    assert report.added == 1 and report.failed == 0 and report.claims == len(stored)
    assert sorted(stored) == sorted(c.text for c in extracted.claims) and len(stored) >= 10
