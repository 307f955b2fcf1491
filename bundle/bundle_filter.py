"""What build.spec keeps of the files PyInstaller collects: the Qt parts a desk program uses, nothing more.

Plain functions of a file's path inside the bundle, so tests/test_bundle_filter.py checks them for both wheel
layouts: Linux keeps Qt's files under ``PySide6/Qt/{lib,plugins,translations}``, Windows directly under
``PySide6/{plugins,translations}`` with the DLLs beside the Python modules.
"""
from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath

# Qt plugin folders kept; within platforms only these. styles: the native Windows look (qmodernwindowsstyle).
# platforminputcontexts: Chinese input methods (ibus/fcitx) on Linux; Windows uses its IME without a plugin.
KEEP_PLUGINS = {"platforms", "printsupport", "styles", "platforminputcontexts"}
KEEP_PLATFORMS = ("qwindows", "qoffscreen", "qxcb")
KEEP_QT_TRANSLATIONS = ("qtbase_zh_CN.qm",)
KEEP_BABEL_LOCALES = {"root", "en", "zh", "zh_Hans", "zh_Hans_CN"}
# Qt libraries only dropped plugins or modules load; opengl32sw is Windows' software OpenGL fallback (20 MB).
DROP_QT_LIBS = ("Qt6Network", "Qt6OpenGL", "Qt6Svg", "Qt6Wayland", "Qt6Wl", "Qt6EglFS", "Qt6EglFs", "Qt6Qml",
                "Qt6Quick", "Qt6Pdf", "opengl32sw")
DROPPED_QT_FOLDERS = ("qml", "metatypes", "libexec", "resources")


def _parts(dest: str) -> tuple[str, ...]:
    path: PurePath = PureWindowsPath(dest) if "\\" in dest else PurePosixPath(dest)
    return path.parts


def wanted(dest: str) -> bool:
    """Whether a collected file, by its path inside the bundle, belongs in the program."""
    parts = _parts(dest)
    if "PySide6" in parts:
        rest = parts[parts.index("PySide6") + 1:]
        if rest[:1] == ("Qt",):
            rest = rest[1:]
        if not rest:
            return True
        if rest[0] == "plugins" and len(rest) >= 3:
            folder = rest[1]
            if folder not in KEEP_PLUGINS:
                return False
            return folder != "platforms" or any(name in rest[-1] for name in KEEP_PLATFORMS)
        if rest[0] == "translations":
            return rest[-1] in KEEP_QT_TRANSLATIONS
        if rest[0] in DROPPED_QT_FOLDERS:
            return False
        if (len(rest) == 1 or rest[0] in ("lib", "bin")) and any(name in rest[-1] for name in DROP_QT_LIBS):
            return False
    if "locale-data" in parts and parts[parts.index("locale-data") - 1] == "babel":
        return PurePosixPath(parts[-1]).stem in KEEP_BABEL_LOCALES
    return True


def needed_binaries(binaries, get_imports):
    """Drop shared libraries only dropped plugins used (GTK, Wayland, EGL ...): keep what the Python extensions,
    the kept plugins and the Python library load, followed transitively. Names compare case-insensitively
    (Windows import tables say VCRUNTIME140.dll for vcruntime140.dll)."""
    by_name = {_parts(dest)[-1].lower(): (dest, src, kind) for dest, src, kind in binaries}
    roots = [e for e in binaries if e[2] == "EXTENSION" or "plugins" in _parts(e[0])
             or _parts(e[0])[-1].lower().startswith(("libpython", "python3"))]
    keep = {_parts(e[0])[-1].lower() for e in roots}
    todo = [e[1] for e in roots]
    while todo:
        for name, path in get_imports(todo.pop()):
            base = (PurePath(path).name if path else name).lower()
            if base in by_name and base not in keep:
                keep.add(base)
                todo.append(by_name[base][1])
    return [e for e in binaries if _parts(e[0])[-1].lower() in keep]
