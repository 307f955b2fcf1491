"""Application worksheets: one description of the page (layout), written to Excel (xlsx) or printed through Qt.

Plain Python: the Qt renderer lives in subsidy_desk/ui/printing.py. openpyxl is imported only when writing.
"""


class WorksheetError(Exception):
    """A worksheet could not be written (target open in another program, no permission, disk full)."""
