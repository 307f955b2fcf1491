"""Application worksheets: one description of the page (layout), written to Excel (xlsx) or printed through Qt.

Plain Python: the Qt renderer lives in subsidy_desk/ui/printing.py. openpyxl is imported only when writing.
"""

from ..files import SaveError


class WorksheetError(SaveError):
    """A worksheet could not be printed or written; a workbook that cannot be saved is files.SaveError, which
    callers catch for both."""
