"""The desktop window (PySide6). Only this package imports Qt; it collects inputs, calls the core, shows results."""
