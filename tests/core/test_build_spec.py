"""The PyInstaller build (build/kvaldesk.spec) bundles every resource folder, and the one
resource locator (kvaldesk/paths.py) finds them inside the bundle. No PyInstaller or Qt needed:
the spec is read as Python source, and a frozen program is simulated with monkeypatch."""

from __future__ import annotations

import ast
import importlib.util
import struct
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kvaldesk import paths

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build" / "kvaldesk.spec"
RESOURCES = ROOT / "resources"
# Module-level names of the spec that its _unused() filter reads.
FILTER_NAMES = {"UNUSED_QT_PLUGINS", "UNUSED_QT_LIBS", "KEEP_LANGUAGES", "BABEL_LOCALES"}


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def spec_unused_filter() -> Callable[[str], bool]:
    """The spec's _unused(dest) with the constants it reads, compiled from the spec's source."""
    tree = spec_tree()
    body: list[ast.stmt] = [
        node
        for node in tree.body
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in FILTER_NAMES for t in node.targets)
        )
        or (isinstance(node, ast.FunctionDef) and node.name == "_unused")
    ]
    assert len(body) == len(FILTER_NAMES) + 1, "the spec's trimming filter changed shape"
    namespace: dict[str, object] = {}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)
    unused = namespace["_unused"]
    assert callable(unused)
    return unused  # type: ignore[no-any-return]


def analysis_datas() -> str:
    """The source text of the ``datas=`` argument of the spec's Analysis(...)."""
    for node in ast.walk(spec_tree()):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Analysis":
            for keyword in node.keywords:
                if keyword.arg == "datas":
                    return ast.unparse(keyword.value)
    raise AssertionError("build/kvaldesk.spec has no Analysis(datas=...)")


def test_the_spec_bundles_the_whole_resources_folder() -> None:
    assert "(str(ROOT / 'resources'), 'resources')" in analysis_datas()


def test_every_resource_folder_exists_and_no_resource_is_trimmed() -> None:
    unused = spec_unused_filter()
    folders = sorted(p.name for p in RESOURCES.iterdir() if p.is_dir())
    assert {"templates", "schemas", "fonts", "translations", "icons"} <= set(folders)
    files = [p for p in RESOURCES.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    bundled_folders = set()
    for file in files:
        dest = "resources/" + file.relative_to(RESOURCES).as_posix()
        assert not unused(dest), f"the spec's trimming drops {dest}"
        bundled_folders.add(file.relative_to(RESOURCES).parts[0])
    assert bundled_folders == set(folders)


def test_the_trimming_filter_does_drop_what_it_is_meant_to() -> None:
    """The filter test above would pass with a filter that drops nothing: make sure it works."""
    unused = spec_unused_filter()
    assert unused("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert unused("PySide6/Qt/translations/qtbase_de.qm")
    assert not unused("PySide6/Qt/translations/qtbase_sv.qm")
    assert unused("babel/locale-data/de.dat")
    assert not unused("babel/locale-data/sv_SE.dat")
    assert not unused("PySide6/Qt/plugins/platforms/libqoffscreen.so")


def test_the_bundle_runs_the_same_entry_point_as_the_installed_command() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["kvaldesk"] == "ui.launcher:main"
    entry = (ROOT / "build" / "kvaldesk_main.py").read_text(encoding="utf-8")
    assert "from ui.launcher import main" in entry


@pytest.fixture
def fresh_locator() -> Iterator[None]:
    paths.resources_root.cache_clear()
    yield
    paths.resources_root.cache_clear()


def test_resources_are_found_in_the_bundle_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_locator: None
) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "resources" / "schemas").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert paths.resources_root() == bundle / "resources"
    assert paths.resource_path("icons", "kvaldesk.svg") == bundle / "resources/icons/kvaldesk.svg"


def test_the_source_tree_is_used_when_not_frozen(
    monkeypatch: pytest.MonkeyPatch, fresh_locator: None
) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert (paths.resources_root() / "schemas").is_dir()
    assert paths.resource_path("templates").is_dir()


def load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "build" / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # imports Qt only inside its rendering functions
    return module


def test_icon_containers_hold_every_size() -> None:
    make_icons = load_make_icons()
    pngs = {size: b"\x89PNG fake %d" % size for size in (16, 32, 256)}

    ico = make_icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    widths = [ico[6 + 16 * i] for i in range(count)]
    assert widths == [16, 32, 0]  # 0 stands for 256
    size, offset = struct.unpack("<II", ico[6 + 16 * 2 + 8 : 6 + 16 * 3])
    assert ico[offset : offset + size] == pngs[256]

    icns = make_icons.icns_bytes(pngs)
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic08" + struct.pack(">I", 8 + len(pngs[256])) + pngs[256] in icns
