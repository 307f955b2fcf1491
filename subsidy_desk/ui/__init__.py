"""The desktop window (PySide6 Widgets). The only package that imports Qt: it collects input, calls the core,
and shows results; it computes nothing itself."""
