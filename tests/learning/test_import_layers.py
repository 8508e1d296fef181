"""The direction of imports, read from the source (every import statement, also the
ones inside functions): the apps (people ← competencies ← learning ← mentoring) and
learning/'s sub-packages (docs/architecture.md "Layers"). A lower part that must reach
a higher one goes through a registry or a signal, never an import, so there is no
circle to untangle again."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

APP_LAYERS = ["people", "competencies", "learning", "mentoring"]
APP_DIRS = {"people": ROOT / "site" / "people", "competencies": ROOT / "competencies",
            "learning": ROOT / "learning", "mentoring": ROOT / "mentoring"}

# learning/'s parts, bottom first. Each name is a sub-package or a module directly
# under learning/. Parts that share a layer are peers and must not import each other;
# the top layer is the app's wiring (AppConfig, URLs, hooks, demo data, template tags),
# which may import anything below it and is imported by nothing below.
LEARNING_LAYERS: list[tuple[str, ...]] = [
    ("sessions",),
    ("models",),
    ("certificates",),
    ("enrollment",),
    ("completion",),
    ("catalog",),
    ("recommendations", "plans"),
]
LEARNING_WIRING = ("apps", "urls", "tasks", "wagtail_hooks", "templatetags",
                   "demo", "demo_completion", "demo_enrollment", "__init__")


def _modules(root: Path, package: str):
    """(dotted module name, is a package __init__, path) of every source file."""
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts:
            continue
        parts = [package, *rel.with_suffix("").parts]
        is_init = parts[-1] == "__init__"
        if is_init:
            parts = parts[:-1]
        yield ".".join(parts), is_init, path


def _imports(module: str, is_init: bool, path: Path):
    """(line, imported dotted name) of every import in the file, at any depth, with
    relative imports resolved."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_init else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            yield node.lineno, prefix
            for alias in node.names:  # `from learning import catalog` names a part
                yield node.lineno, f"{prefix}.{alias.name}"


def _learning_part(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "learning":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _learning_layer(part: str) -> int:
    for n, layer in enumerate(LEARNING_LAYERS):
        if part in layer:
            return n
    if part in LEARNING_WIRING:
        return len(LEARNING_LAYERS)
    raise AssertionError(
        f"learning/{part} is in no layer: place it in LEARNING_LAYERS (tests/learning/"
        "test_import_layers.py) and in docs/architecture.md")


def test_the_apps_import_only_downwards():
    wrong = []
    for app, root in APP_DIRS.items():
        for module, is_init, path in _modules(root, app):
            for line, name in _imports(module, is_init, path):
                top = name.split(".")[0]
                if top in APP_LAYERS and APP_LAYERS.index(top) > APP_LAYERS.index(app):
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "An app imports one above it:\n" + "\n".join(wrong)


def test_learning_parts_import_only_downwards():
    wrong = []
    top = len(LEARNING_LAYERS)
    for module, is_init, path in _modules(APP_DIRS["learning"], "learning"):
        part = _learning_part(module)
        layer = _learning_layer(part)
        for line, name in _imports(module, is_init, path):
            target = _learning_part(name)
            if target is None or target == part:
                continue
            target_layer = _learning_layer(target)
            if target_layer > layer or (target_layer == layer and layer != top):
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({part}) imports {name} "
                             f"({target})")
    assert not wrong, "A part of learning/ imports one above it or beside it:\n" + "\n".join(
        sorted(set(wrong)))


def test_certificates_know_no_subject_but_through_their_registry():
    """Certificates serve workshops, mentoring and soon courses; the subjects'
    modules register with learning/certificates/subjects.py."""
    wrong = []
    for module, is_init, path in _modules(APP_DIRS["learning"] / "certificates",
                                          "learning.certificates"):
        for line, name in _imports(module, is_init, path):
            if name.split(".")[0] == "mentoring" or _learning_part(name) in (
                    "completion", "catalog", "recommendations", "plans"):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_reader_sees_imports_inside_functions(tmp_path):
    """The check can fail: a lazy import inside a function counts."""
    source = tmp_path / "learning" / "certificates"
    source.mkdir(parents=True)
    (source / "x.py").write_text(
        "def f():\n    from learning.completion.services import session_days\n")
    found = [name for module, is_init, path in _modules(tmp_path / "learning", "learning")
             for _, name in _imports(module, is_init, path)]
    assert "learning.completion.services.session_days" in found
    assert _learning_layer("completion") > _learning_layer("certificates")


def test_completion_services_hold_one_concern_a_module():
    """learning/completion/services.py (782 lines, seven concerns) became a package;
    its __init__ re-exports every name, so `from learning.completion.services import X`
    keeps working."""
    import learning.completion.services as services

    package = APP_DIRS["learning"] / "completion" / "services"
    assert package.is_dir() and not (package.parent / "services.py").exists()
    modules = {p.stem: len(p.read_text().splitlines()) for p in package.glob("*.py")}
    assert {"jp", "jp_ledger", "attendance", "post_test", "completion",
            "external_learning", "evaluations"} <= set(modules)
    too_long = {name: n for name, n in modules.items() if n > 300}
    assert not too_long, too_long
    for name in services.__all__:
        obj = getattr(services, name)
        if callable(obj):  # functions and exceptions live in a concern's module
            assert obj.__module__.startswith("learning.completion.services."), name


def test_every_registry_is_in_the_architecture_doc():
    """docs/architecture.md lists the registries; a new `register_…` function in the
    apps must be added there."""
    doc = (ROOT / "docs" / "architecture.md").read_text()
    missing = []
    for root in [ROOT / "site", *[APP_DIRS[a] for a in APP_LAYERS if a != "people"]]:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts or "config" in path.relative_to(ROOT).parts[:2]:
                continue
            for node in ast.parse(path.read_text()).body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("register_"):
                    rel = str(path.relative_to(ROOT))
                    if rel not in doc or node.name not in doc:
                        missing.append(f"{rel}: {node.name}")
    assert not missing, "Not in docs/architecture.md \"Registries\":\n" + "\n".join(missing)
