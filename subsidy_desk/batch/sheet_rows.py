"""A list's sheet read fast: the rows openpyxl's read-only mode gives, cell for cell, at a fraction of its cost.

openpyxl parses a sheet through defusedxml's pure-Python parser, builds an element per cell and runs its general
cell code for each; its shared strings go the same way when the workbook is opened. For 20,000 rows that is most of
a minute. Here expat itself reads the parts, and the cells every list is made of (``<c r s t><v>…</v></c>``, a
shared string ``<si><t>…</t></si>``) are read by a few lines that follow openpyxl's own, so each value, type and
number format comes out the same; anything else inside a row (a formula, an inline string, an element no writer
puts there) is built as an element and read by openpyxl's own code. A part whose shape is not a plain sheet's (a
DTD, a row or a sheet setting nested where none belongs) is read entirely by openpyxl, as before.

Safety is unchanged: the archive was checked first (safety.py), and expat is set up as defusedxml sets it up (an
entity declaration or an external reference is refused with defusedxml's own exceptions, which the importer says
as a hostile file); a DTD, which defusedxml's iterparse lets through, goes to openpyxl and defusedxml as before.
"""
from __future__ import annotations

from warnings import warn
from xml.etree.ElementTree import ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.cell.text import Text
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import (CF_TAG, COL_BREAK_TAG, COL_TAG, CUSTOM_VIEWS_TAG, EXT_TAG, FILTER_TAG,
                                        FORMAT_TAG, HEADER_TAG, HYPERLINK_TAG, LEGACY_TAG, MARGINS_TAG, MERGE_TAG,
                                        PAGE_TAG, PRINT_TAG, PROPERTIES_TAG, PROT_TAG, ROW_BREAK_TAG, ROW_TAG,
                                        SCENARIOS_TAG, TABLE_TAG, VALIDATION_TAG, VIEWS_TAG, AutoFilter,
                                        DataValidationList, HeaderFooter, HyperlinkList, MergeCells, PageMargins,
                                        PrintOptions, PrintPageSetup, ScenarioList, SheetFormatProperties,
                                        SheetViewList, TablePartList, WorkSheetParser, WorksheetProperties,
                                        _cast_number)
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

BLOCK = 16 * 1024  # bytes fed at a time, as openpyxl's iterparse reads them
_NS = "{" + SHEET_MAIN_NS + "}"
# expat names an element "namespace}local"; ElementTree (and so openpyxl) "{namespace}local"
ROW, C, V, IS, SI, T, DIMENSION, DATA = (f"{SHEET_MAIN_NS}}}{local}" for local in
                                         ("row", "c", "v", "is", "si", "t", "dimension", "sheetData"))
# Elements openpyxl acts on wherever they stand (at their end): a sheet's settings, read by its own code.
_SETTINGS = {tag[1:] for tag in (COL_TAG, PROT_TAG, EXT_TAG, CF_TAG, LEGACY_TAG, ROW_BREAK_TAG, COL_BREAK_TAG,
                                 CUSTOM_VIEWS_TAG, PRINT_TAG, MARGINS_TAG, PAGE_TAG, HEADER_TAG, FILTER_TAG,
                                 VALIDATION_TAG, PROPERTIES_TAG, VIEWS_TAG, FORMAT_TAG, SCENARIOS_TAG, TABLE_TAG,
                                 HYPERLINK_TAG, MERGE_TAG)}


class _Unusual(Exception):
    """A part shaped unlike any plain sheet: openpyxl reads it, from the start."""


def _entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _doctype(*_):
    raise _Unusual


def _parser():
    """expat as defusedxml sets it up, names as "namespace}local"; a DTD is left to openpyxl."""
    parser = expat.ParserCreate(None, "}")
    parser.buffer_text = True
    parser.EntityDeclHandler = _entity
    parser.UnparsedEntityDeclHandler = _unparsed_entity
    parser.ExternalEntityRefHandler = _external
    parser.StartDoctypeDeclHandler = _doctype
    return parser


def _feed(parser, source, events: list):
    """Feed ``source`` to ``parser`` a block at a time, yielding after each block the events its handlers put in
    ``events``; a syntax error is raised after the events before it, as openpyxl's iterparse raises it."""
    while True:
        data = source.read(BLOCK)
        failed = None
        try:
            parser.Parse(data, not data)
        except expat.error as exc:
            failed = ParseError(exc)
            failed.code, failed.position = exc.code, (exc.lineno, exc.offset)
        if events:
            yield from events
            events.clear()
        if failed is not None:
            raise failed
        if not data:
            return


def _tag(name: str) -> str:
    return "{" + name if "}" in name else name


def _attrs(attrs: dict) -> dict:
    return {_tag(k): v for k, v in attrs.items()}


class _Builder:
    """An element built from expat's events (a cell or setting read by openpyxl's own code)."""

    __slots__ = ("tree", "depth")

    def __init__(self, name: str, attrs: dict):
        self.tree = TreeBuilder()
        self.tree.start(_tag(name), _attrs(attrs))
        self.depth = 1

    def start(self, name: str, attrs: dict) -> None:
        if name == ROW or name in _SETTINGS or name == SI:
            raise _Unusual  # openpyxl would act on it where it stands
        self.tree.start(_tag(name), _attrs(attrs))
        self.depth += 1

    def end(self, name: str):
        """The element when this ends it, else None."""
        self.tree.end(_tag(name))
        self.depth -= 1
        return self.tree.close() if self.depth == 0 else None


# -- shared strings --------------------------------------------------------------------------------------------------


def read_strings(source) -> list[str]:
    """The shared strings table as openpyxl's read_string_table reads it."""
    out: list[str] = []
    events: list = []
    builder: list = []  # the <si> being built

    def start(name, attrs):
        if builder:
            builder[0].start(name, attrs)
        elif name == SI:
            builder.append(_Builder(name, attrs))

    def end(name):
        if builder:
            element = builder[0].end(name)
            if element is not None:
                builder.clear()
                events.append(element)

    def data(text):
        if builder:
            builder[0].tree.data(text)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    for node in _feed(parser, source, events):
        if not node.attrib and len(node) == 1 and node[0].tag == _NS + "t" and not len(node[0]):
            text = node[0].text or ""  # what Text.from_tree(node).content is for a plain string
        else:
            text = Text.from_tree(node).content
        out.append(text.replace("x005F_", ""))
    return out


class Reader(ExcelReader):
    """openpyxl's reader of a workbook, its shared strings read by read_strings."""

    def read_strings(self):
        ct = self.package.find(SHARED_STRINGS)
        if ct is not None:
            with self.archive.open(ct.PartName[1:]) as src:
                try:
                    self.shared_strings = read_strings(src)
                    return
                except _Unusual:
                    pass
            ExcelReader.read_strings(self)


    def read_worksheets(self):
        """ExcelReader.read_worksheets in read-only mode (all it does there), each sheet a _Sheet."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            rels_path = get_rels_path(rel.target)
            if rels_path in self.valid_files:
                get_dependents(self.archive, rels_path)
            ws = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


class _Found(Exception):
    def __init__(self, element):
        self.element = element


class _Sheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, its claimed dimensions looked for by expat: a sheet that claims none (openpyxl's
    write-only mode saves none) is otherwise parsed whole by openpyxl's slow parser before a row is read."""

    def _get_size(self):
        try:
            with self._get_source() as src:
                dimensions = _dimensions(src)
        except _Unusual:
            return ReadOnlyWorksheet._get_size(self)
        if dimensions is not None:
            self._min_column, self._min_row, self._max_column, self._max_row = dimensions


def _dimensions(source):
    """WorkSheetParser.parse_dimensions: the <dimension> element's boundaries, or None when <sheetData> ends
    first (or the sheet does)."""
    builder: list = []

    def start(name, attrs):
        if builder:
            builder[0].start(name, attrs)
        elif name == DIMENSION:
            builder.append(_Builder(name, attrs))

    def end(name):
        if builder:
            element = builder[0].end(name)
            if element is not None:
                raise _Found(element)
        elif name == DATA:
            raise _Found(None)

    def data(text):
        if builder:
            builder[0].tree.data(text)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    try:
        for _ in _feed(parser, source, []):
            pass
    except _Found as found:
        return None if found.element is None else SheetDimension.from_tree(found.element).boundaries
    return None


def load_workbook(fh, data_only: bool):
    """A read-only workbook as openpyxl.load_workbook(fh, read_only=True, ...) opens it, its strings read fast."""
    reader = Reader(fh, True, False, data_only, False, False)
    reader.read()
    return reader.wb


# -- a sheet's rows --------------------------------------------------------------------------------------------------


class _Cell:
    """A plain cell as the importer reads it: value, type and (from its style) number format."""

    __slots__ = ("value", "data_type", "_style_id", "_wb")

    def __init__(self, wb, value, data_type, style_id):
        self.value, self.data_type, self._style_id, self._wb = value, data_type, style_id, wb

    @property
    def number_format(self) -> str:  # as openpyxl's ReadOnlyCell.number_format
        _id = self._wb._cell_styles[self._style_id].numFmtId
        if _id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(_id, "General")
        return self._wb._number_formats[_id - BUILTIN_FORMATS_MAX_SIZE]


class _Plain:
    """A <c> holding nothing but its attributes and one <v> or one plain inline string (<is><t>…</t></is>), read as
    WorkSheetParser.parse_cell reads such an element (_parse_cell)."""

    __slots__ = ("attrib", "v", "inline")

    def __init__(self, attrib: dict, v: str | None, inline: str | None):
        self.attrib, self.v, self.inline = attrib, v, inline


class _Open:
    """An element of a row being read: its start, and every event inside it, until it ends."""

    __slots__ = ("name", "attrs", "log", "depth")

    def __init__(self, name: str, attrs: dict):
        self.name, self.attrs, self.log, self.depth = name, attrs, [], 0

    def element(self):
        """The element, built as ElementTree builds it."""
        tree = TreeBuilder()
        tree.start(_tag(self.name), _attrs(self.attrs))
        for entry in self.log:
            if entry[0] == "s":
                tree.start(_tag(entry[1]), _attrs(entry[2]))
            elif entry[0] == "e":
                tree.end(_tag(entry[1]))
            else:
                tree.data(entry[1])
        tree.end(_tag(self.name))
        return tree.close()

    def plain(self) -> _Plain | None:
        """The cell as a _Plain when it is one (nearly every cell is), else None."""
        if self.name != C:
            return None
        shape, texts, depth = [], [], 0
        for entry in self.log:
            if entry[0] == "s":
                depth += 1
                shape.append((depth, entry[1], entry[2]))
                if len(shape) > 2:
                    return None
            elif entry[0] == "e":
                depth -= 1
            elif depth:
                texts.append((depth, entry[1]))
        if not shape:
            return _Plain(self.attrs, None, None)
        if len(shape) == 1 and shape[0][1] == V:  # all text inside is the <v>'s own (it holds no element)
            return _Plain(self.attrs, "".join(t for _, t in texts), None)
        if len(shape) == 2 and shape[0][1] == IS and not shape[0][2] and shape[1][:2] == (2, T):
            return _Plain(self.attrs, None, "".join(t for d, t in texts if d == 2))  # Text(t=…).content
        return None


class _Row:
    """A <row> as WorkSheetParser.parse_row reads one: its attributes and its children."""

    __slots__ = ("attrib", "cells")

    def __init__(self, attrib: dict):
        self.attrib, self.cells = attrib, []

    def __iter__(self):
        return iter(self.cells)


def _parse_cell(parser: WorkSheetParser, element) -> dict:
    """WorkSheetParser.parse_cell for a plain cell, in fewer steps; any other element goes to it."""
    if not isinstance(element, _Plain):
        return parser.parse_cell(element)
    attrib = element.attrib
    data_type = attrib.get("t", "n")
    coordinate = attrib.get("r")
    style_id = attrib.get("s", 0)
    if style_id:
        style_id = int(style_id)
    value = None if data_type == "inlineStr" else element.v or None
    if coordinate:
        row, column = coordinate_to_tuple(coordinate)
        parser.col_counter = column
    else:
        parser.col_counter += 1
        row, column = parser.row_counter, parser.col_counter
    if value is not None:
        if data_type == "n":
            value = _cast_number(value)
            if style_id in parser.date_formats:
                data_type = "d"
                try:
                    value = from_excel(value, parser.epoch, timedelta=style_id in parser.timedelta_formats)
                except (OverflowError, ValueError):
                    msg = f"""Cell {coordinate} is marked as a date but the serial value {value} is outside the limits for dates. The cell will be treated as an error."""
                    warn(msg)
                    data_type = "e"
                    value = "#VALUE!"
        elif data_type == "s":
            value = parser.shared_strings[int(value)]
        elif data_type == "b":
            value = bool(int(value))
        elif data_type == "str":
            data_type = "s"
        elif data_type == "d":
            value = from_ISO8601(value)
    elif data_type == "inlineStr" and element.inline is not None:
        data_type = "s"
        value = element.inline
    return {"row": row, "column": column, "value": value, "data_type": data_type, "style_id": style_id}


def _parse_row(parser: WorkSheetParser, row: _Row) -> tuple[int, list]:
    """WorkSheetParser.parse_row, its cells read by _parse_cell."""
    attrs = dict(row.attrib)
    if "r" in attrs:
        try:
            parser.row_counter = int(attrs["r"])
        except ValueError:
            val = float(attrs["r"])
            if val.is_integer():
                parser.row_counter = int(val)
            else:
                raise ValueError(f"{attrs['r']} is not a valid row number")
    else:
        parser.row_counter += 1
    parser.col_counter = 0
    return parser.row_counter, [_parse_cell(parser, el) for el in row]


def _parsed(ws, source, parser: WorkSheetParser):
    """(row number, cells) for each <row> of the sheet, as WorkSheetParser.parse yields them, its settings read by
    its own code as it reads them."""
    events: list = []
    open_row: list = []  # the <row> being read
    cell: list = []  # the _Open element of the row being read
    builder: list = []  # a setting being built

    dispatch = {COL_TAG: parser.parse_column_dimensions, PROT_TAG: parser.parse_sheet_protection,
                EXT_TAG: parser.parse_extensions, CF_TAG: parser.parse_formatting, LEGACY_TAG: parser.parse_legacy,
                ROW_BREAK_TAG: parser.parse_row_breaks, COL_BREAK_TAG: parser.parse_col_breaks,
                CUSTOM_VIEWS_TAG: parser.parse_custom_views}

    def start(name, attrs):
        if cell:
            if name == ROW or name in _SETTINGS or name == SI:
                raise _Unusual  # openpyxl would act on it where it stands
            current = cell[0]
            current.log.append(("s", name, attrs))
            current.depth += 1
        elif builder:
            builder[0].start(name, attrs)
        elif open_row:
            if name == ROW or name in _SETTINGS:
                raise _Unusual
            cell.append(_Open(name, attrs))
        elif name == ROW:
            open_row.append(_Row(attrs))
        elif name in _SETTINGS:
            builder.append(_Builder(name, attrs))

    def end(name):
        if cell:
            current = cell[0]
            if current.depth:
                current.log.append(("e", name))
                current.depth -= 1
                return
            open_row[0].cells.append(current.plain() or current.element())
            cell.clear()
        elif builder:
            element = builder[0].end(name)
            if element is not None:
                builder.clear()
                events.append(element)
        elif open_row:
            events.append(open_row.pop())

    def data(text):
        if cell:
            cell[0].log.append(("d", text))
        elif builder:
            builder[0].tree.data(text)

    xml = _parser()
    xml.StartElementHandler, xml.EndElementHandler, xml.CharacterDataHandler = start, end, data
    for event in _feed(xml, source, events):
        if isinstance(event, _Row):
            yield _parse_row(parser, event)
        elif event.tag in dispatch:
            dispatch[event.tag](event)
        else:
            name, kind = _PROPERTIES[event.tag]
            setattr(parser, name, kind.from_tree(event))


# What WorkSheetParser.parse reads a sheet's properties into, and with which class, by tag (as it lists them).
_PROPERTIES = {PRINT_TAG: ("print_options", PrintOptions), MARGINS_TAG: ("page_margins", PageMargins),
               PAGE_TAG: ("page_setup", PrintPageSetup), HEADER_TAG: ("HeaderFooter", HeaderFooter),
               FILTER_TAG: ("auto_filter", AutoFilter), VALIDATION_TAG: ("data_validations", DataValidationList),
               PROPERTIES_TAG: ("sheet_properties", WorksheetProperties), VIEWS_TAG: ("views", SheetViewList),
               FORMAT_TAG: ("sheet_format", SheetFormatProperties), SCENARIOS_TAG: ("scenarios", ScenarioList),
               TABLE_TAG: ("tables", TablePartList), HYPERLINK_TAG: ("hyperlinks", HyperlinkList),
               MERGE_TAG: ("merged_cells", MergeCells)}


def iter_rows(ws, min_row: int, max_col: int):
    """What ``ws.iter_rows(min_row=min_row, max_col=max_col)`` yields for a read-only sheet whose dimensions were
    reset: a tuple of cells for each row from ``min_row`` on, one shared tuple of empty cells standing for each
    missing row; each cell has the value, data_type and number_format openpyxl's would have."""
    wb = ws.parent

    def parser(src):
        return WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                               date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)

    empty_row = (EMPTY_CELL,) * max_col
    counter = min_row
    done = 0  # rows parsed and passed on, should openpyxl have to take over
    with ws._get_source() as src:
        try:
            for idx, row in _parsed(ws, src, parser(src)):
                done += 1
                for _ in range(counter, idx):
                    counter += 1
                    yield empty_row
                if counter <= idx:
                    counter += 1
                    yield _cells(wb, row, max_col)
            return
        except _Unusual:
            pass
    with ws._get_source() as src:  # a part shaped unlike a plain sheet: openpyxl reads it, the rows passed on skipped
        for idx, row in parser(src).parse():
            if done:
                done -= 1
                continue
            for _ in range(counter, idx):
                counter += 1
                yield empty_row
            if counter <= idx:
                counter += 1
                yield ws._get_row(row, 1, max_col, False)


def _cells(wb, row: list, max_col: int) -> tuple:
    """ReadOnlyWorksheet._get_row for columns 1 to ``max_col``, as light cells."""
    out = [EMPTY_CELL] * max_col
    for cell in row:
        column = cell["column"]
        if 1 <= column <= max_col:
            out[column - 1] = _Cell(wb, cell["value"], cell["data_type"], cell["style_id"])
    return tuple(out)
