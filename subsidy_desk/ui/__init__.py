"""The Qt parts of Subsidy Desk: the only package that may import PySide6."""
