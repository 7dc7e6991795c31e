"""Native Excel charts (DrawingML) over the cells of a report table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from xl_inventory.workbook.xlsx_package import DOC_REL

if TYPE_CHECKING:
    from xl_inventory.workbook.sheets import TableBlock

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SHEET_DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


@dataclass
class ChartSpec:
    """A column or line chart of some columns of a table block, placed over a cell range.

    ``anchor`` is (first column, first row, last column, last row), 0-based cell indices.
    """

    kind: str  # "bar" or "line"
    title: str
    block: TableBlock
    category: int  # index of the category column in the block
    values: list[int]
    anchor: tuple[int, int, int, int]


def _range(sheet: str, column: int, first: int, last: int) -> str:
    from xl_inventory.workbook.sheets import column_letter

    quoted = sheet.replace("'", "''")
    letter = column_letter(column)
    return f"'{quoted}'!${letter}${first}:${letter}${last}"


def _cache(values: list, numeric: bool) -> str:
    tag = "numCache" if numeric else "strCache"
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(v))}</c:v></c:pt>'
                     for i, v in enumerate(values) if v == v and v is not None)
    return f"<c:{tag}><c:ptCount val=\"{len(values)}\"/>{points}</c:{tag}>"


def chart_xml(chart: ChartSpec, sheet: str) -> bytes:
    block = chart.block
    first, last = block.top + 1, block.top + max(len(block.frame), 1)
    categories = block.frame.iloc[:, chart.category].astype(str).tolist()
    category_range = _range(sheet, block.left + chart.category, first, last)
    series = []
    for order, index in enumerate(chart.values):
        column = block.left + index
        values = block.frame.iloc[:, index].astype(float).round(6).tolist()
        series.append(
            f'<c:ser><c:idx val="{order}"/><c:order val="{order}"/><c:tx><c:strRef><c:f>'
            f"{escape(_range(sheet, column, block.top, block.top).split(':')[0])}</c:f>"
            f"{_cache([block.headers[index]], False)}</c:strRef></c:tx>"
            + ('<c:marker><c:symbol val="circle"/></c:marker>' if chart.kind == "line" else "")
            + f"<c:cat><c:strRef><c:f>{escape(category_range)}</c:f>"
            f"{_cache(categories, False)}</c:strRef></c:cat><c:val><c:numRef><c:f>"
            f"{escape(_range(sheet, column, first, last))}</c:f>{_cache(values, True)}"
            f"</c:numRef></c:val></c:ser>")
    if chart.kind == "bar":
        plot = ('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
                f'<c:varyColors val="0"/>{"".join(series)}<c:axId val="1001"/>'
                '<c:axId val="1002"/></c:barChart>')
    else:
        plot = ('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
                f'{"".join(series)}<c:marker val="1"/><c:axId val="1001"/>'
                '<c:axId val="1002"/></c:lineChart>')
    axes = ('<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="1002"/></c:catAx>'
            '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:crossAx val="1001"/>'
            '</c:valAx>')
    title = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{escape(chart.title)}</a:t>'
             '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace '
            f'xmlns:c="{CHART_NS}" xmlns:a="{DRAWING_NS}" xmlns:r="{DOC_REL}">'
            f'<c:roundedCorners val="0"/><c:chart>{title}<c:autoTitleDeleted val="0"/>'
            f'<c:plotArea><c:layout/>{plot}{axes}</c:plotArea><c:legend><c:legendPos val="b"/>'
            '</c:legend><c:plotVisOnly val="1"/></c:chart></c:chartSpace>').encode()


def drawing_xml(charts: list[ChartSpec]) -> bytes:
    anchors = []
    for n, chart in enumerate(charts, start=1):
        c1, r1, c2, r2 = chart.anchor
        anchors.append(
            f"<xdr:twoCellAnchor><xdr:from><xdr:col>{c1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{r1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{c2}"
            f"</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r2}</xdr:row><xdr:rowOff>0"
            f'</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
            f'<xdr:cNvPr id="{n + 1}" name="Chart {n}"/><xdr:cNvGraphicFramePr/>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            f'</xdr:xfrm><a:graphic><a:graphicData uri="{CHART_NS}"><c:chart xmlns:c='
            f'"{CHART_NS}" r:id="rId{n}"/></a:graphicData></a:graphic></xdr:graphicFrame>'
            "<xdr:clientData/></xdr:twoCellAnchor>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr='
            f'"{SHEET_DRAWING_NS}" xmlns:a="{DRAWING_NS}" xmlns:r="{DOC_REL}">'
            f'{"".join(anchors)}</xdr:wsDr>').encode()
