"""Printing a worksheet through Qt: to a real printer, the print preview, or a PDF file, with no spreadsheet program.

It paints the same Worksheet (subsidy_desk.worksheets.layout) as the Excel workbook, in the same order and on the
same column grid: the 申请表 on one page (its rows on 附表 pages after it when they do not fit), then the 计算依据
on a new page. Tables that run past a page continue on the next with their header repeated; every page carries
"第 N 页 共 M 页", and every 附表 page the case number and its own page count. The page is laid out first as a list of
pages of boxes (so the page count is known before the footers are painted, and tests can inspect the pages),
then painted.

This is the only module of the worksheets that knows Qt.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from ..files import replacing
from ..worksheets import WorksheetError
from ..worksheets.layout import (BASIS_WIDTHS, MM, RULES_HEADING, SEAL_HEIGHT_MM, Item, Table, Worksheet, arrange,
                                 build_worksheet, fit_label, label_columns, pair_spans, shown, split_columns, stacked,
                                 with_attachment)

# Fonts Chinese offices have, then ones Linux and macOS have, so text never falls back to empty boxes.
SONG = ["SimSun", "宋体", "NSimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei",
        "Noto Sans CJK SC"]
HEI = ["SimHei", "黑体", "Microsoft YaHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]
BODY_PT, TITLE_PT, FOOTER_PT = 10.5, 16, 9
PAD_PT = 1.8  # inside a cell
UNIT_PT = 5.25  # one character unit of the layout's widths: half a 10.5 pt Chinese character
MIN_ROW_PT = 16
SEAL_PT = SEAL_HEIGHT_MM * MM  # room for a 4.2 cm round seal, which may overlap the box's heading
FOOTER_ROOM_PT = 18
MARGINS_MM = QMarginsF(14, 12, 14, 8)
GREY = QColor("#f2f2f2")
ALIGN = {"money": Qt.AlignRight, "percent": Qt.AlignRight, "int": Qt.AlignHCenter, "date": Qt.AlignHCenter}
# A table cell's alignment by column kind, combined once (combining Qt flags in Python costs a call each time).
CELL_ALIGN = {kind: flag | Qt.AlignVCenter for kind, flag in ALIGN.items()}
LEFT = Qt.AlignLeft | Qt.AlignVCenter


@dataclass
class Page:
    """One sheet of paper and what is painted on it."""

    boxes: list = field(default_factory=list)


@dataclass
class Box:
    """One thing painted on a page: a rectangle, optionally bordered and shaded, with text in it."""

    rect: QRectF
    text: str = ""
    font: QFont | None = None
    align: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter
    border: bool = True
    fill: bool = False
    role: str = ""  # "header", "cell" or "total" in a table (a test sees the header on every page); "seal"; "attachment"
    flags: int | None = None  # how the text wraps (wrap_flags), when the layout measured it in this box already


def application():
    """The running Qt application, or a new one (the command line prints with no window)."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["subsidy-desk"])


def setup_printer(printer, sheet: Worksheet) -> None:
    """A4, the sheet's orientation, the margins the layout was drawn for; call before showing a print dialog.
    A QPdfWriter (what print_to_pdf paints on) takes the same page and the same title."""
    orientation = QPageLayout.Landscape if sheet.landscape else QPageLayout.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), orientation, MARGINS_MM, QPageLayout.Millimeter))
    if isinstance(printer, QPdfWriter):
        printer.setTitle(f"{sheet.title} {sheet.number}")
    else:
        printer.setDocName(f"{sheet.title} {sheet.number}")


def print_to_pdf(case, result, path, office: dict | None = None, check=None) -> int:
    """Print the case's worksheet to a PDF file; returns the number of pages."""
    from ..office import load_office

    path = Path(path)
    if not path.parent.is_dir():
        raise WorksheetError(f"文件夹不存在：{path.parent}")
    sheet = build_worksheet(case, result, office if office is not None else load_office(), check=check)
    application()
    # Painted to a temporary file first and renamed: a failed print never replaces a good PDF. A QPdfWriter, not a
    # QPrinter: the same PDF engine at the same 1200 dpi (the same pages), without a print system asked about printers.
    try:
        with replacing(path, ".pdf.tmp") as tmp:
            printer = QPdfWriter(str(tmp))
            setup_printer(printer, sheet)
            pages = paint_worksheet(sheet, printer)
            del printer  # closes the PDF before it is renamed
    except OSError as exc:
        raise WorksheetError(f"无法保存 {path}（{exc.strerror or exc}；文件可能正被其他程序打开）") from None
    return pages


def paint_worksheet(sheet: Worksheet, printer) -> int:
    """Paint the worksheet on a printer (what QPrintPreviewDialog.paintRequested calls); returns the page count."""
    pages = lay_out(sheet, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise WorksheetError("无法开始打印：打印机或文件不可用")
    try:
        scale = printer.resolution() / 72
        footer_font = _font(SONG, FOOTER_PT)
        area = _area(printer)
        # One black pen for the borders and the text (text takes only its colour), a font set only when it changes:
        # each setPen/setFont is a call into Qt and a font looked up again, the page the same.
        painter.setPen(QPen(Qt.black, 0.6 * scale))
        state = [None]  # the painter's font
        for number, page in enumerate(pages, start=1):
            if number > 1:
                printer.newPage()
            for box in page.boxes:
                _paint(painter, box, scale, state)
            painter.setFont(footer_font)
            state[0] = footer_font
            footer = QRectF(0, area.height() - FOOTER_ROOM_PT * scale, area.width(), FOOTER_ROOM_PT * scale)
            painter.drawText(footer, Qt.AlignHCenter | Qt.AlignBottom, f"第 {number} 页 共 {len(pages)} 页")
    finally:
        painter.end()
    return len(pages)


def lay_out(sheet: Worksheet, printer) -> list[Page]:
    """The worksheet cut into pages for this printer's paper: the 申请表, then the 计算依据 from a new page.

    One orientation for the whole job (the printer's): print previews and many printer drivers cannot turn
    single pages, so the 计算依据's columns are fitted to whatever paper the 申请表 uses.
    """
    flow = _Flow(printer)
    flow.application(sheet)
    if len(flow.pages) > 1 and sheet.attachment is None:
        # Paper or fonts other than the layout's estimate assumed: the rows go to a 附表 so the page stays whole.
        flow = _Flow(printer)
        sheet = with_attachment(sheet)
        flow.application(sheet)
    if sheet.attachment is not None:
        flow.page_break()
        flow.attachment(sheet)
    flow.page_break()
    flow.basis(sheet)
    return flow.pages


def _area(printer) -> QRectF:
    return QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))


def _font(families: list[str], size: float, bold: bool = False) -> QFont:
    """The font, made once per process (a page uses a few, a county's list the same few thousands of times);
    never changed after, so its key is taken once too."""
    return _made_font(tuple(families), size, bold)


@lru_cache(maxsize=None)  # never evicted: _FONT_KEYS goes by the font's id
def _made_font(families: tuple[str, ...], size: float, bold: bool) -> QFont:
    font = QFont()
    font.setFamilies(list(families))
    font.setPointSizeF(size)
    font.setBold(bold)
    _FONT_KEYS[id(font)] = font.key()
    return font


_FONT_KEYS: dict[int, str] = {}  # id of a font _made_font keeps alive → its key


def wrap_flags(text: str, metrics: QFontMetricsF, width: float):
    """Wrap at words, or anywhere when one word (the 64-digit rule-set hash, a long contract number) is wider than
    its box in the fonts this PC has: a word cut at the box's edge beats text running over the next box."""
    if any(metrics.horizontalAdvance(word) > width for word in text.split()):
        return Qt.TextWrapAnywhere
    return Qt.TextWordWrap


# (text, font, width, device resolution) → (wrap flags, text height): a county's worksheets repeat their labels,
# headers and rule texts, and measuring a text in Qt's fonts is most of laying out a page.
_MEASURED: dict[tuple, tuple] = {}
_MEASURED_MAX = 100_000


def measured(text: str, font: QFont, width: float, device, dpi: tuple | None = None) -> tuple:
    """(wrap flags as an int, height of the wrapped text) for ``text`` in ``font`` in a box ``width`` pixels wide;
    ``dpi`` is the device's (logicalDpiX, logicalDpiY), when the caller has it already."""
    key = (text, _FONT_KEYS.get(id(font)) or font.key(), width, dpi or (device.logicalDpiX(), device.logicalDpiY()))
    known = _MEASURED.get(key)
    if known is None:
        metrics = QFontMetricsF(font, device)
        flags = wrap_flags(text, metrics, width)
        known = (int(flags), metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text or " ").height())
        if len(_MEASURED) >= _MEASURED_MAX:
            _MEASURED.clear()
        _MEASURED[key] = known
    return known


def _paint(painter: QPainter, box: Box, scale: float, state: list) -> None:
    """One box, with the painter's pen black; ``state[0]`` is the font the painter has (set again only if another)."""
    if box.fill:
        painter.fillRect(box.rect, GREY)
    if box.border:
        painter.drawRect(box.rect)
    if box.text:
        if box.font is not state[0]:
            painter.setFont(box.font)
            state[0] = box.font
        pad = PAD_PT * scale
        inner = box.rect.adjusted(pad, pad, -pad, -pad)
        flags = box.flags
        if flags is None:
            flags = measured(box.text, box.font, inner.width(), painter.device())[0]
        painter.drawText(inner, int(box.align) | flags, box.text)  # as ints: Qt's flags combine in C, not Python


class _Flow:
    """Places rows of boxes down the page, starting a new page (and repeating a table's header) when full."""

    def __init__(self, printer):
        self.device = printer
        self.dpi = (printer.logicalDpiX(), printer.logicalDpiY())
        self.k = printer.resolution() / 72  # device pixels per point
        self.pad = PAD_PT * self.k
        self.min_row = MIN_ROW_PT * self.k
        area = _area(printer)
        self.width = area.width()
        self.bottom = area.height() - FOOTER_ROOM_PT * self.k
        self.pages: list[Page] = [Page()]
        self.y = 0.0
        self.widths: list[int] = []
        self.x: list[float] = []

    # -- geometry -----------------------------------------------------------------------------------------------
    def grid(self, widths, shrink_text: bool = True) -> None:
        """Use these column widths (character units), fitted to the page width as Excel's "fit to one page wide".

        A grid wider than the page shrinks its text by the same factor Excel would, so figures wrap alike in both;
        a grid of wrapped prose (``shrink_text=False``) keeps its text size and wraps more instead.
        """
        self.widths = list(widths)
        unit = self.width / sum(self.widths)
        shrink = min(1.0, unit / (UNIT_PT * self.k)) if shrink_text else 1.0
        self.body = _font(SONG, BODY_PT * shrink)
        self.bold = _font(SONG, BODY_PT * shrink, bold=True)
        self.label = _font(HEI, BODY_PT * shrink)
        self.title_font = _font(HEI, TITLE_PT)
        self.x = [0.0]
        for w in self.widths:
            self.x.append(self.x[-1] + w * unit)

    def span(self, c1: int, c2: int) -> tuple[float, float]:
        return self.x[c1 - 1], self.x[c2] - self.x[c1 - 1]

    def height(self, text: str, font: QFont, width: float) -> float:
        pad = self.pad
        bound = measured(text, font, max(width - 2 * pad, 1), self.device, self.dpi)[1]
        return max(self.min_row, bound + 2 * pad + 1)

    # -- pages --------------------------------------------------------------------------------------------------
    def page_break(self) -> None:
        if self.pages[-1].boxes:
            self.pages.append(Page())
        self.y = 0.0

    def fits(self, h: float) -> bool:
        return self.y + h <= self.bottom or self.y == 0

    def place(self, cells: list[tuple[int, int, str, QFont, object, bool, bool]], *, role: str = "",
              min_height: float = 0, repeat=None) -> None:
        """One row of cells (c1, c2, text, font, alignment, border, fill), as high as its tallest cell."""
        pad, xs, device, dpi = self.pad, self.x, self.device, self.dpi
        h = max(min_height, self.min_row)
        placed = []
        for c1, c2, text, font, align, border, fill in cells:
            x = xs[c1 - 1]
            w = xs[c2] - x
            inner = w - pad - pad  # the text's width as the painter gets it (QRectF.adjusted)
            if inner >= 1:
                flags, bound = measured(text, font, inner, device, dpi)
            else:
                flags, bound = measured(text, font, 1, device, dpi)
                flags = None
            bound = bound + 2 * pad + 1  # as height() adds it, to the same bit
            if bound > h:
                h = bound
            placed.append((x, w, text, font, align, border, fill, flags))
        if not self.fits(h):
            self.page_break()
            if repeat:
                repeat()
        boxes = self.pages[-1].boxes
        for x, w, text, font, align, border, fill, flags in placed:
            boxes.append(Box(QRectF(x, self.y, w, h), text, font, align, border, fill, role, flags))
        self.y += h

    def space(self, pt: float = 6) -> None:
        self.y += pt * self.k

    # -- blocks -------------------------------------------------------------------------------------------------
    def title(self, text: str) -> None:
        self.place([(1, len(self.widths), text, self.title_font, Qt.AlignCenter, False, False)],
                   min_height=30 * self.k)

    def line(self, text: str) -> None:
        self.place([(1, len(self.widths), text, self.body, Qt.AlignLeft | Qt.AlignVCenter, False, False)])

    def heading(self, text: str) -> None:
        self.place([(1, len(self.widths), text, self.label, Qt.AlignLeft | Qt.AlignVCenter, True, True)])

    def row_height(self, cells) -> float:
        return max(self.height(t, f, self.span(c1, c2)[1]) for c1, c2, t, f, *_ in cells)

    def section(self, title: str, items: list[Item]) -> None:
        """The section's title down the first column, its items in labelled pairs beside it (kept on one page)."""
        left = Qt.AlignLeft | Qt.AlignVCenter
        rows = []
        for placed in arrange(items, self.widths):
            cells = []
            for (l1, l2), (v1, v2), item in placed:
                cells.append((l1, l2, item.label, self.label, left, True, True))
                cells.append((v1, v2, item.text(), self.body, left, True, False))
            end = placed[-1][1][1]
            if end < len(self.widths):
                cells.append((end + 1, len(self.widths), "", self.body, left, True, False))
            rows.append(cells)
        heights = [self.row_height(cells) for cells in rows]
        if not self.fits(sum(heights)):
            self.page_break()
        top = self.y
        for cells, h in zip(rows, heights):
            self.place(cells, min_height=h)
        x, w = self.span(1, 1)
        text = "\n".join(title) if stacked(title, self.widths[0]) else title
        self.pages[-1].boxes.append(Box(QRectF(x, top, w, self.y - top), text, self.label, Qt.AlignCenter, True, True))

    def full(self, label: str, text: str, font: QFont | None = None) -> None:
        l1, l2 = label_columns(self.widths)
        self.place([(l1, l2, label, self.label, Qt.AlignLeft | Qt.AlignVCenter, True, True),
                    (l2 + 1, len(self.widths), text, font or self.body, Qt.AlignLeft | Qt.AlignVCenter, True, False)])

    def table(self, table: Table, head=None) -> None:
        """Header, rows, 合计; the header again (after ``head()``, if given) at the top of every page."""
        header = [(c, c, fit_label(col.label, self.widths[c - 1]), self.label, Qt.AlignCenter, True, True)
                  for c, col in enumerate(table.columns, 1)]

        def repeat():
            if head:
                head()
            self.place(header, role="header")

        repeat()
        for values in table.rows:
            self.place(self._cells(table, values, self.body), repeat=repeat, role="cell")
        if table.totals:
            self.place(self._cells(table, table.totals, self.bold), repeat=repeat, role="total")

    def _cells(self, table: Table, values: list, font: QFont):
        cells = []
        for c, (col, value) in enumerate(zip(table.columns, values), start=1):
            total = c == 1 and value == "合计"  # the totals row's label
            align = Qt.AlignCenter if total else CELL_ALIGN.get(col.kind, LEFT)
            cells.append((c, c, value if total else shown(value, col.kind), font, align, True, False))
        return cells

    def strip(self, title: str, items: list[Item]) -> None:
        """A titled strip of figures: labels on one row, values under them (kept on one page)."""
        l1, l2 = label_columns(self.widths)
        groups = split_columns(self.widths, len(items), first=l2 + 1)
        labels = [fit_label(i.label, sum(self.widths[g[0] - 1:g[1]])) for i, g in zip(items, groups)]
        top = max(self.height(label, self.label, self.span(*g)[1]) for label, g in zip(labels, groups))
        low = max(self.height(i.text(), self.body, self.span(*g)[1]) for i, g in zip(items, groups))
        if not self.fits(top + low):
            self.page_break()
        x, w = self.span(l1, l2)
        page = self.pages[-1].boxes
        page.append(Box(QRectF(x, self.y, w, top + low), title, self.label, Qt.AlignLeft | Qt.AlignVCenter, True, True))
        for item, label, (c1, c2) in zip(items, labels, groups):
            x, w = self.span(c1, c2)
            page.append(Box(QRectF(x, self.y, w, top), label, self.label, Qt.AlignCenter, True, True))
            page.append(Box(QRectF(x, self.y + top, w, low), item.text(), self.body, Qt.AlignCenter, True, False))
        self.y += top + low

    def total(self, sheet: Worksheet) -> None:
        (l1, v1), (l2, v2) = pair_spans(self.widths, 2, first=2)
        l1 = (1, l1[1])
        left = Qt.AlignLeft | Qt.AlignVCenter
        self.place([(*l1, f"{sheet.total_label}（小写）", self.label, left, True, True),
                    (*v1, shown(sheet.total, "money"), self.bold, left, True, False),
                    (*l2, "（大写）", self.label, left, True, True),
                    (v2[0], len(self.widths), sheet.capitals, self.bold, left, True, False)])

    def signatures(self, sheet: Worksheet) -> None:
        """Boxes side by side with room to sign and stamp; kept on one page with the declaration above them."""
        blocks = sheet.signatures
        n = len(self.widths)
        seal = any(b.seal for b in blocks)
        declaration = self.height(sheet.declaration, self.body, self.width)
        h = SEAL_PT * self.k if seal else 30 * self.k
        if not self.fits(declaration + 6 * self.k + h):
            self.page_break()
        self.place([(1, n, sheet.declaration, self.body, Qt.AlignLeft | Qt.AlignVCenter, True, False)])
        self.space()
        page = self.pages[-1].boxes
        for (c1, c2), block in zip(split_columns(self.widths, len(blocks)), blocks):
            x, w = self.span(c1, c2)
            if not seal:
                text = f"{block.title}：{' '.join(block.lines)}"
                page.append(Box(QRectF(x, self.y, w, h), text, self.body, Qt.AlignLeft | Qt.AlignVCenter))
                continue
            page.append(Box(QRectF(x, self.y, w, h), role="seal"))
            page.append(Box(QRectF(x, self.y, w, 20 * self.k), block.title, self.label,
                            Qt.AlignLeft | Qt.AlignTop, border=False))
            line_h = 16 * self.k
            for i, line in enumerate(block.lines):
                y = self.y + h - (len(block.lines) - i) * line_h - 3 * self.k
                align = (Qt.AlignRight if line.startswith("年") else Qt.AlignLeft) | Qt.AlignVCenter
                page.append(Box(QRectF(x + 3 * self.k, y, w - 12 * self.k, line_h), line, self.body, align,
                                border=False))
        self.y += h

    # -- the two parts --------------------------------------------------------------------------------------------
    def application(self, sheet: Worksheet) -> None:
        self.grid(sheet.table.widths)
        self.title(sheet.title)
        self.line(sheet.header_line)
        for section in sheet.sections:
            self.section(section.title, section.items)
        self.table(sheet.table)
        if sheet.attachment is not None:
            self.full("附表", sheet.attachment_note, self.bold)
        for strip in sheet.figures:
            self.strip(strip.title, strip.items)
        self.total(sheet)
        self.full("政策依据", "；".join(sheet.basis))
        for warning in sheet.warnings:
            self.full("注意", warning, self.bold)
        if sheet.notes:
            self.full("备注", sheet.notes)
        self.signatures(sheet)

    def attachment(self, sheet: Worksheet) -> None:
        """附表: the rows, under a title and the case number repeated on each of its pages with 第 n 页 共 m 页."""
        table = sheet.attachment
        self.grid(table.widths)
        first = len(self.pages) - 1
        line = (1, len(self.widths), sheet.attachment_line, self.body, Qt.AlignLeft | Qt.AlignVCenter, False, False)

        def head():
            self.title(sheet.attachment_title)
            self.place([line], role="attachment")

        self.table(table, head)
        pages = self.pages[first:]
        for n, page in enumerate(pages, start=1):
            for box in page.boxes:
                if box.role == "attachment":
                    box.text += f"　　附表第 {n} 页 共 {len(pages)} 页"

    def basis(self, sheet: Worksheet) -> None:
        self.grid(BASIS_WIDTHS, shrink_text=False)
        self.title(f"{sheet.title} 计算依据")
        self.line(sheet.header_line)
        self.heading("计算记录")
        left = Qt.AlignLeft | Qt.AlignVCenter
        for item in sheet.provenance:
            self.place([(1, 2, item.label, self.label, left, True, True),
                        (3, len(self.widths), item.text(), self.body, left, True, False)])
        self.space()
        self.heading("计算步骤")
        self.table(sheet.steps_table)
        self.space()
        self.heading(RULES_HEADING)
        self.table(sheet.rules_table)
