"""build.spec keeps the Qt parts a desk program uses, for the Linux and the Windows wheel layouts alike."""
import importlib.util

import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("bundle_filter", ROOT / "bundle" / "bundle_filter.py")
bundle_filter = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_filter)
wanted, needed_binaries = bundle_filter.wanted, bundle_filter.needed_binaries


@pytest.mark.parametrize("dest, keep", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\tls\\qschannelbackend.dll", False),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6\\Qt6Network.dll", False),
    ("PySide6\\opengl32sw.dll", False),
    ("PySide6\\Qt6PrintSupport.dll", True),
    ("PySide6\\QtWidgets.pyd", True),
    ("babel/locale-data/zh_Hans_CN.dat", True),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/fr.dat", False),
    ("babel\\locale-data\\en.dat", True),
    ("resources/rules/ruleset.json", True),
])
def test_wanted(dest, keep):
    assert wanted(dest) is keep


def test_libraries_only_dropped_plugins_needed_are_pruned():
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/x/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ("libQt6Widgets.so.6", "/x/libQt6Widgets.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/x/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/x/libgtk-3.so.0", "BINARY"),  # only the dropped gtk3 theme plugin wanted it
        ("VCRUNTIME140.dll", "/x/vcruntime140.dll", "BINARY"),
    ]
    imports = {
        "/x/QtWidgets.abi3.so": [("libQt6Widgets.so.6", "/x/libQt6Widgets.so.6")],
        "/x/libQt6Widgets.so.6": [("vcruntime140.dll", None)],  # case differs, as in Windows import tables
        "/x/libqxcb.so": [("libxcb-cursor.so.0", "/x/libxcb-cursor.so.0")],
    }
    kept = [dest for dest, _src, _kind in needed_binaries(binaries, lambda src: imports.get(src, []))]
    assert kept == ["PySide6/QtWidgets.abi3.so", "PySide6/Qt/plugins/platforms/libqxcb.so", "libQt6Widgets.so.6",
                    "libxcb-cursor.so.0", "VCRUNTIME140.dll"]
