#!/usr/bin/python3
"""Builds templates/report.docx, templates/feedback.docx and templates/notice.docx.

The templates are ordinary Word documents: office staff may open, edit and
save them in Word or WPS.  This script only makes the first version, from
hand-written WordprocessingML zipped with the standard library (fixed member
order and timestamps, so rerunning it gives the same bytes):

    /usr/bin/python3 scripts/make-templates.py [OUT_DIR]     (default: templates)

Layout: GB/T 9704-2012 — A4, margins 37/35/28/26 mm, 22 lines x 28
characters (docGrid linesAndChars, linePitch 579, charSpace -842; body
characters at 98 % width, see SCALE), title 2号 方正小标宋简体,
body 3号 仿宋_GB2312, 一、 headings 黑体, （一） headings 楷体_GB2312,
page numbers "— 1 —" in 4号 宋体, odd pages right, even pages left.

Tags (see pipeline/write/tmpl.h): {{name}}, {{#list}}…{{/list}} (a row, a
paragraph or a block of paragraphs repeated per item, {{.field}} inside),
{{?name}}…{{/name}} shown when not empty, {{^name}}…{{/name}} when empty.
"""
import os
import sys
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (
    'xmlns:w="%s" xmlns:r="%s" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"' % (W_NS, R_NS)
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# Text area: 11906 - 1587 - 1474 = 8845 twips wide.
TEXT_WIDTH = 8845
LINE_PITCH = 579  # (16838 - 2098 - 1984) / 22 lines
# 28 characters of 16 pt in 442.25 pt: pitch 15.794 pt = 16 pt + charSpace/4096,
# the character grid 公文 templates carry (Word: 页面设置 → 文档网格 → 指定行和
# 字符网格, 每行 28 字).
CHAR_SPACE = -842
# Body characters at 98 % of their width (15.68 pt).  Word and WPS squeeze a
# 16 pt character into a 15.79 pt cell of the grid anyway; LibreOffice (7.4)
# gives a character whole cells by its font advance, ignoring w:spacing, so
# at 100 % each took two cells and a line held 14.  At 98 % each takes one:
# 28 a line in all three, and the 2 % is not visible at 3号.
SCALE = 98


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, rpr=""):
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (
        "<w:rPr>%s</w:rPr>" % rpr if rpr else "",
        esc(text),
    )


def para(text="", style=None, ppr="", rpr="", raw=None):
    props = ""
    if style or ppr:
        props = "<w:pPr>%s%s</w:pPr>" % ('<w:pStyle w:val="%s"/>' % style if style else "", ppr)
    body = raw if raw is not None else (run(text, rpr) if text else "")
    return "<w:p>%s%s</w:p>" % (props, body)


# SPEC 4: a table header breaks only between its words.  LibreOffice and
# Word break Chinese anywhere ("未全部完/成"); a header wider than its
# column gets its line breaks here, between these words, each line as full as
# the column allows (小四: 240 twips a character; HzTable's cell margins, 85
# twips a side).
HEADER_WORDS = [
    "整改后", "自查自评表", "未全部", "完成", "次数", "不足", "平均", "得分率", "得分", "（%）", "逾期", "按时",
    "报送", "未报送", "已报送", "未按", "表格", "填报", "滞后", "单位", "单位数", "问题", "类型", "问题数", "涉及",
    "任务", "（编号）", "或", "具体情况", "等次", "低于", "未整改的", "任务数", "完成率", "得分较低的", "自评",
    "考评", "综合", "未填报", "未开展", "项数", "相差",
]


CELL_MARGIN = 85  # HzTable's w:tblCellMar left and right


def header_lines(text, width):
    """The header's lines: its words packed into lines the column holds."""
    room = max(1, (width - 2 * CELL_MARGIN) // 240)
    if "{{" in text or len(text) <= room:
        return [text]
    words, i = [], 0
    while i < len(text):
        w = max((w for w in HEADER_WORDS if text.startswith(w, i)), key=len, default=None)
        if not w:
            return [text]  # a header of words not listed: left to the program that prints it
        words.append(w)
        i += len(w)
    lines = [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + len(w) > room:
            lines.append("")
        lines[-1] += w
    return lines


def cell(text, width, style="HzTableText", header=False):
    lines = header_lines(text, width) if header else [text]
    if len(lines) > 1:
        raw = '<w:r><w:br/></w:r>'.join(run(l) for l in lines)
        body = para(style="HzTableHead", raw=raw)
    else:
        body = para(text, "HzTableHead" if header else style)
    return (
        '<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>%s</w:tc>'
        % (width, body)
    )


def table(columns, rows, repeat_header=True):
    """columns: [(header, width, style)], rows: [[cell text …]] (loop tags included);
    repeat_header False: a short table whose header is not repeated on the next page."""
    grid = "".join('<w:gridCol w:w="%d"/>' % w for _, w, _ in columns)
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="HzTable"/><w:tblW w:w="%d" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>%s</w:tblGrid>' % (sum(w for _, w, _ in columns), grid)
    ]
    out.append(
        '<w:tr><w:trPr>%s<w:cantSplit/></w:trPr>%s</w:tr>'
        % ("<w:tblHeader/>" if repeat_header else "", "".join(cell(h, w, header=True) for h, w, _ in columns))
    )
    for r in rows:
        out.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>%s</w:tr>"
            % "".join(cell(t, w, s) for t, (_, w, s) in zip(r, columns))
        )
    out.append("</w:tbl>")
    return "".join(out)


def kv_table(rows, w1=2400):
    w2 = TEXT_WIDTH - w1
    grid = '<w:gridCol w:w="%d"/><w:gridCol w:w="%d"/>' % (w1, w2)
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="HzTable"/><w:tblW w:w="%d" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>%s</w:tblGrid>' % (TEXT_WIDTH, grid)
    ]
    for k, v in rows:
        out.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>%s%s</w:tr>"
            % (cell(k, w1, "HzTableHead"), cell(v, w2, "HzTableLeft"))
        )
    out.append("</w:tbl>")
    return "".join(out)


SECT = (
    '<w:sectPr><w:footerReference w:type="even" r:id="rIdFooterEven"/>'
    '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1247" w:gutter="0"/>'
    '<w:cols w:space="425"/>'
    '<w:docGrid w:type="linesAndChars" w:linePitch="%d" w:charSpace="%d"/></w:sectPr>' % (LINE_PITCH, CHAR_SPACE)
)


def document(body):
    return DECL + "<w:document %s><w:body>%s%s</w:body></w:document>" % (NS, body, SECT)


def fonts(east, latin="Times New Roman"):
    # hint: quotation marks and other shared characters take the East Asian font
    return '<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s" w:hint="eastAsia"/>' % (latin, latin, east, latin)


STYLES = (
    DECL
    + '<w:styles xmlns:w="%s">' % W_NS
    + "<w:docDefaults><w:rPrDefault><w:rPr>%s" % fonts("仿宋_GB2312")
    # narrowed so that each body character fills one grid cell (SCALE); the
    # title, tables and page numbers, off the grid, set it back to 100
    # (element order follows the schema: Word refuses a file that breaks it)
    + '<w:w w:val="%d"/>' % SCALE
    + '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    "<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    # body text: 3号 仿宋_GB2312, exact 28.95 pt lines (22 a page), indent 2 characters
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>'
    "<w:rPr>%s<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>" % (LINE_PITCH, fonts("仿宋_GB2312"))
    + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
    "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
    # title: 2号 方正小标宋简体, centred
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="%d" w:line="%d" w:lineRule="exact"/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>'
    "<w:rPr>%s<w:w w:val=\"100\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
    % (LINE_PITCH, 760, fonts("方正小标宋简体"))
    # 一、 heading: 黑体
    + '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>'
    '<w:rPr>%s<w:b w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>' % fonts("黑体")
    # （一） heading: 楷体_GB2312
    + '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>'
    '<w:rPr>%s<w:b w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>' % fonts("楷体_GB2312")
    # addressee (主送机关): flush left
    + '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzAddressee"><w:name w:val="主送机关"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>'
    # date: right, 4 characters in; the issuer above it 2 characters in
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzSignature"><w:name w:val="署名"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:rightChars="200" w:right="640" w:firstLineChars="0" w:firstLine="0"/>'
    '<w:jc w:val="right"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzDate"><w:name w:val="成文日期"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:rightChars="400" w:right="1280" w:firstLineChars="0" w:firstLine="0"/>'
    '<w:jc w:val="right"/></w:pPr></w:style>'
    # 附件1: 黑体, flush left, new page
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzAttachment"><w:name w:val="附件标识"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Title"/><w:pPr><w:keepNext/><w:pageBreakBefore/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr><w:rPr>%s</w:rPr></w:style>' % fonts("黑体")
    # tables: 小四 仿宋, single lines, off the grid so rows stay compact
    + '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzTableText"><w:name w:val="表格文字"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="320" w:lineRule="exact"/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
    '<w:rPr><w:w w:val="100"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzTableLeft"><w:name w:val="表格文字左"/>'
    '<w:basedOn w:val="HzTableText"/><w:pPr><w:jc w:val="left"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzTableHead"><w:name w:val="表格标题"/>'
    '<w:basedOn w:val="HzTableText"/><w:pPr><w:keepNext/></w:pPr><w:rPr>%s</w:rPr></w:style>' % fonts("黑体")
    # the chart: on no grid, line height follows the picture
    + '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HzFigure"><w:name w:val="图表"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>'
    '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:style>'
    # page numbers: 4号 宋体
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
    '<w:rPr>%s<w:w w:val="100"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>' % fonts("宋体", "宋体")
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="table" w:customStyle="1" w:styleId="HzTable"><w:name w:val="汇总表格"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    + "".join(
        '<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % b
        for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    "</w:styles>"
)

SETTINGS = (
    DECL + '<w:settings xmlns:w="%s">' % W_NS
    + '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
    '<w:drawingGridVerticalSpacing w:val="290"/><w:displayHorizontalDrawingGridEvery w:val="0"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
    '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>"
)


def font(name, alt, charset="86", family="auto", pitch="variable"):
    return (
        '<w:font w:name="%s">%s<w:charset w:val="%s"/><w:family w:val="%s"/><w:pitch w:val="%s"/></w:font>'
        % (name, '<w:altName w:val="%s"/>' % alt if alt else "", charset, family, pitch)
    )


FONTS = (
    DECL + '<w:fonts xmlns:w="%s">' % W_NS
    + font("Times New Roman", None, "00", "roman")
    + font("宋体", "SimSun", family="auto")
    + font("方正小标宋简体", "宋体", family="script")
    + font("仿宋_GB2312", "仿宋", family="modern", pitch="fixed")
    + font("仿宋", "FangSong", family="modern", pitch="fixed")
    + font("楷体_GB2312", "楷体", family="modern", pitch="fixed")
    + font("楷体", "KaiTi", family="modern", pitch="fixed")
    + font("黑体", "SimHei", family="modern", pitch="fixed")
    + "</w:fonts>"
)


def footer(align):
    """— 1 — : odd pages right, even pages left, one character in."""
    ind = '<w:ind w:right="280"/>' if align == "right" else '<w:ind w:left="280"/>'
    fld = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        DECL + "<w:ftr %s>" % NS
        + para(style="Footer", ppr='%s<w:jc w:val="%s"/>' % (ind, align), raw=run("— ") + fld + run(" —"))
        + "</w:ftr>"
    )


CHART_PLACEHOLDER = (
    DECL + '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="%s"><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
    '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
    '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>得分率（%%）</c:v></c:tx>'
    '<c:cat><c:strLit><c:ptCount val="1"/><c:pt idx="0"><c:v>类别</c:v></c:pt></c:strLit></c:cat>'
    '<c:val><c:numLit><c:ptCount val="1"/><c:pt idx="0"><c:v>0</c:v></c:pt></c:numLit></c:val></c:ser>'
    '<c:axId val="111111111"/><c:axId val="222222222"/></c:barChart>'
    '<c:catAx><c:axId val="111111111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
    '<c:axPos val="b"/><c:crossAx val="222222222"/></c:catAx>'
    '<c:valAx><c:axId val="222222222"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
    '<c:axPos val="l"/><c:crossAx val="111111111"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart>'
    "</c:chartSpace>" % R_NS
)

# Content width 8845 twips = 5,616,575 EMU.
# 5 cm high (it was 8.5): four to a dozen bars read as well, and with the
# 考评验收 chart (5.5 cm) below it the two share a page with their sections'
# opening lines instead of leaving a third of one blank.
CHART_RUN = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="5580000" cy="1800000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="1" name="分类指标得分率" descr="分类指标得分率"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart r:id="rIdChart1"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)

# The report's other charts (report.c's report_charts), found by name like the first.
# 报送进度 4.5 cm: it follows a sentence near the foot of page 1 and, any
# taller, went to page 2 and left a third of page 1 blank
MORE_CHARTS = [("报送进度", 2, 1620000), ("自评与考评得分率", 3, 1980000)]


def chart_run(name, n, cy):
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="5580000" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="%d" name="%s" descr="%s"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart r:id="rIdChart%d"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>' % (cy, n, name, name, n)
    )


def content_types(chart):
    o = lambda part, ct: '<Override PartName="%s" ContentType="%s"/>' % (part, ct)
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    return (
        DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + o("/word/document.xml", wml + "document.main+xml")
        + o("/word/styles.xml", wml + "styles+xml")
        + o("/word/settings.xml", wml + "settings+xml")
        + o("/word/fontTable.xml", wml + "fontTable+xml")
        + o("/word/footer1.xml", wml + "footer+xml")
        + o("/word/footer2.xml", wml + "footer+xml")
        + (o("/word/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml") if chart else "")
        + "".join(o("/word/charts/chart%d.xml" % n, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
                  for _, n, _ in (MORE_CHARTS if chart else []))
        + o("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
        + o("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")
        + "</Types>"
    )


def rels(items):
    return (
        DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join('<Relationship Id="%s" Type="%s" Target="%s"/>' % it for it in items)
        + "</Relationships>"
    )


RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROOT_RELS = rels(
    [
        ("rId1", RT + "officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
        ("rId3", RT + "extended-properties", "docProps/app.xml"),
    ]
)


def doc_rels(chart):
    items = [
        ("rIdStyles", RT + "styles", "styles.xml"),
        ("rIdSettings", RT + "settings", "settings.xml"),
        ("rIdFonts", RT + "fontTable", "fontTable.xml"),
        ("rIdFooterOdd", RT + "footer", "footer1.xml"),
        ("rIdFooterEven", RT + "footer", "footer2.xml"),
    ]
    if chart:
        items.append(("rIdChart1", RT + "chart", "charts/chart1.xml"))
        items += [("rIdChart%d" % n, RT + "chart", "charts/chart%d.xml" % n) for _, n, _ in MORE_CHARTS]
    return rels(items)


CORE = (
    DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>huizong template</dc:title>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2022-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2022-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
)
APP = (
    DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>huizong</Application></Properties>"
)

P = para
H1 = lambda t: para(t, "Heading1")
H2 = lambda t: para(t, "Heading2")
MARK = lambda t: para(t)  # a paragraph holding only block tags: left out of the output

C = "HzTableText"
L = "HzTableLeft"
# SPEC 4: a closing block (issuer, date) never stands alone on a page.  The
# paragraph before it, kept whole (keepLines), keeps with the next one, and so
# does every paragraph down to the date: they move to a new page together.
KEEP = "<w:keepNext/><w:keepLines/>"
# A sentence that introduces a table or a chart ("…如下：") goes to the next
# page with it rather than stay alone at the foot of a page.
INTRO = "<w:keepNext/>"
# SPEC 4: the documents cite a work plan only when campaign.ini names one
# ("根据《…》工作安排，", or nothing: pipeline/write/docdata.c)
PLAN = "{{campaign.according}}"


def attachment(key, title, *content):
    """One 附件 of the report: present only when the body refers to it
    ({{?attachment.key}}), its number computed by report.c."""
    return [MARK("{{?attachment.%s}}" % key), P("附件{{attachment.%s}}" % key, "HzAttachment"), P(title, "Title"),
            *content, MARK("{{/attachment.%s}}" % key)]


def report_body():
    """The report: each section in a {{?section.x}} block, numbered by
    {{section.x}}; each attachment in a {{?attachment.y}} block, referred to
    as 附件{{attachment.y}} (pipeline/write/report.c: the frame's tables)."""
    b = []
    b.append(P("{{campaign.title}}", "Title"))
    # SPEC 4: a work plan is cited, in 《》, only when campaign.ini names it
    b.append(P(PLAN + "现将截至{{campaign.as_of}}各单位自查自评情况汇总报告如下。"))
    b.append(MARK("{{?section.overview}}"))
    b.append(H1("{{section.overview}}、总体情况"))
    b.append(
        P(
            "本次纳入汇总的单位共{{summary.units}}个，已报送{{summary.submitted}}个（报送率{{summary.submit_rate}}%），"
            "其中按时报送{{summary.on_time}}个、逾期报送{{summary.late}}个，"
            # SPEC §2: 未报送N个。 or, before the deadline, 尚未报送N个（截止日期未到），名单见附件1。
            "{{summary.not_sent}}"
            "已报送单位平均得分率为{{summary.average}}%，等次分布为：{{summary.grades}}。{{summary.change}}"
        )
    )
    b.append(
        P(
            "{{?section.lagging}}{{summary.lagging_reasons}}的单位列为滞后单位，"
            "共{{summary.lagging}}个，情况见第{{section.lagging}}部分。{{/section.lagging}}"
        )
    )
    b.append(P("{{^section.lagging}}本次汇总无滞后单位。{{/section.lagging}}"))
    b.append(P("{{^section.ranking}}截至目前尚无单位报送。{{/section.ranking}}"))
    # 报送进度 (SPEC 8.4): with two dates or more in the history
    b.append(MARK("{{?progress.shown}}"))
    b.append(P("{{progress.sentence}}历次汇总的报送进度如下图。", ppr=INTRO))
    b.append(P(style="HzFigure", raw=chart_run(*MORE_CHARTS[0])))
    b.append(MARK("{{/progress.shown}}"))
    b.append(MARK("{{?groups}}"))
    b.append(P("各分组情况如下。", ppr=INTRO))
    b.append(
        table(
            [("分组", 1945, L), ("单位数", 900, C), ("已报送", 900, C), ("按时报送", 900, C), ("逾期报送", 900, C),
             ("未报送", 900, C), ("平均得分率（%）", 1400, C), ("滞后单位", 1000, C)],
            [["{{#groups}}{{.name}}", "{{.units}}", "{{.submitted}}", "{{.on_time}}", "{{.late}}", "{{.not_submitted}}",
              "{{.average}}", "{{.lagging}}{{/groups}}"]],
        )
    )
    b.append(MARK("{{/groups}}"))
    b.append(MARK("{{/section.overview}}"))

    # SPEC 9.4: the phases, right after 总体情况, only with [phases]: the table of
    # phases in deadline order, then the units with a missing phase — named in
    # a sentence up to [report] inline_units, else in an attachment
    b.append(MARK("{{?section.phases}}"))
    b.append(H1("{{section.phases}}、阶段工作推进情况"))
    # its header repeated: the table may begin at the foot of page 1 (kept
    # whole, it left three lines blank there and the body a page longer)
    b.append(
        table(
            [("阶段", 1745, L), ("截止日期", 2300, C), ("按时报送", 1200, C), ("逾期报送", 1200, C), ("未报送", 1200, C),
             ("未到期", 1200, C)],
            [["{{#phase_rows}}{{.name}}", "{{.deadline}}", "{{.on_time}}", "{{.late}}", "{{.none}}", "{{.pending}}{{/phase_rows}}"]],
        )
    )
    b.append(P("{{?phases.missing_inline}}逾期未报送阶段材料的单位：{{phases.missing_list}}。{{/phases.missing_inline}}"))
    b.append(P("{{?phases.missing_apart}}逾期未报送阶段材料的单位{{phases.missing_units}}个，名单见附件"
               "{{attachment.phases}}。{{/phases.missing_apart}}"))
    b.append(P("{{^phase_missing}}各单位到期的阶段材料均已报送。{{/phase_missing}}"))
    b.append(MARK("{{/section.phases}}"))

    b.append(MARK("{{?section.ranking}}"))
    b.append(H1("{{section.ranking}}、排名"))
    b.append(MARK("{{^section.review}}"))
    b.append(P("{{^ranking.cut}}已报送单位按得分率由高到低排名如下（得分率相同的名次并列）。{{/ranking.cut}}", ppr=INTRO))
    b.append(
        P(
            "{{?ranking.cut}}已报送的{{summary.submitted}}个单位按得分率由高到低排名，下表列出前{{summary.top}}名和"
            "后{{summary.top}}名（得分率相同的名次并列；并列单位超过{{summary.top}}个的，合为一行），"
            "完整排名见附件{{attachment.ranking}}。"
            "{{/ranking.cut}}"
        , ppr=INTRO)
    )
    # headers on one line (a ranking runs over pages and repeats its header);
    # 单位 holds 11 characters (区住房和城乡建设委员会)
    rank_cols = [("名次", 800, C), ("单位", 2845, L), ("得分", 1000, C), ("得分率（%）", 1700, C), ("等次", 1000, C), ("完成率", 1500, C)]
    review_rank_cols = [("名次", 800, C), ("单位", 2845, L), ("自评（%）", 1400, C), ("考评（%）", 1400, C), ("综合（%）", 1400, C), ("等次", 1000, C)]
    b.append(
        table(
            rank_cols,
            [
                ["{{#ranking_top}}{{.rank}}", "{{.name}}", "{{.score}}", "{{.percent}}", "{{.grade}}", "{{.completion}}{{/ranking_top}}"],
                ["{{?ranking.omitted}}……", "（中间{{ranking.omitted}}个单位略）", "……", "……", "……", "……{{/ranking.omitted}}"],
                ["{{#ranking_bottom}}{{.rank}}", "{{.name}}", "{{.score}}", "{{.percent}}", "{{.grade}}", "{{.completion}}{{/ranking_bottom}}"],
            ],
        )
    )
    b.append(MARK("{{/section.review}}"))
    # SPEC 6.5: with reviews, the final ranking, then the units not reviewed
    b.append(MARK("{{?section.review}}"))
    review_order = "已考评单位按综合得分率由高到低排名，未考评的已报送单位按自评得分率排在其后，标明未考评，不排名次；得分率相同的名次并列"
    b.append(P("{{^ranking.cut}}" + review_order + "。{{/ranking.cut}}", ppr=INTRO))
    b.append(
        P(
            "{{?ranking.cut}}" + review_order + "。下表列出前{{summary.top}}名和后{{summary.top}}名（并列单位超过"
            "{{summary.top}}个的，合为一行），完整排名见附件{{attachment.ranking}}。{{/ranking.cut}}"
        , ppr=INTRO)
    )
    b.append(
        table(
            review_rank_cols,
            [
                ["{{#ranking_top}}{{.rank}}", "{{.name}}", "{{.self}}", "{{.review}}", "{{.final}}", "{{.grade}}{{/ranking_top}}"],
                ["{{?ranking.omitted}}……", "（中间{{ranking.omitted}}个单位略）", "……", "……", "……", "……{{/ranking.omitted}}"],
                ["{{#ranking_bottom}}{{.rank}}", "{{.name}}", "{{.self}}", "{{.review}}", "{{.final}}", "{{.grade}}{{/ranking_bottom}}"],
            ],
        )
    )
    b.append(MARK("{{/section.review}}"))
    b.append(MARK("{{/section.ranking}}"))

    b.append(MARK("{{?section.categories}}"))
    b.append(H1("{{section.categories}}、分类指标完成情况"))
    b.append(P("各类指标的平均得分及得分率如下。", ppr=INTRO))
    b.append(
        table(
            [("序号", 900, C), ("类别", 3445, L), ("任务数", 1100, C), ("平均得分", 1200, C), ("满分", 1000, C), ("得分率", 1200, C)],
            [["{{#categories}}{{.no}}", "{{.name}}", "{{.tasks}}", "{{.average}}", "{{.max}}", "{{.rate}}{{/categories}}"]],
        )
    )
    b.append(P(style="HzFigure", raw=CHART_RUN))
    b.append(MARK("{{/section.categories}}"))

    b.append(MARK("{{?section.review}}"))
    b.append(H1("{{section.review}}、考评验收情况"))
    b.append(
        P(
            "评审组已实地考评{{review.reviewed}}个单位，尚未考评{{review.not_reviewed}}个。已考评单位自评、考评和综合"
            "（自评占{{review.self_weight}}%、考评占{{review.review_weight}}%）平均得分率分别为{{review.avg_self}}%、"
            "{{review.avg_review}}%和{{review.avg_final}}%，分类对比如下图。"
        , ppr=INTRO)
    )
    b.append(P(style="HzFigure", raw=chart_run(*MORE_CHARTS[1])))
    overrated_head = "自评偏高（高出考评{{review.overrate}}个百分点及以上）的单位{{review.overrated}}个"
    b.append(P("{{?review.overrated_inline}}" + overrated_head + "：{{/review.overrated_inline}}", ppr=INTRO))
    b.append(P("{{?review.overrated_apart}}" + overrated_head + "，名单（按差距由大到小）见附件{{attachment.overrated}}。{{/review.overrated_apart}}"))
    b.append(P("{{^overrated}}未发现自评偏高的单位。{{/overrated}}"))
    overrated_cols = [("序号", 800, C), ("单位", 3645, L), ("自评（%）", 1400, C), ("考评（%）", 1400, C), ("相差", 1600, C)]
    b.append(MARK("{{?review.overrated_inline}}"))
    b.append(
        table(
            overrated_cols,
            [["{{#overrated}}{{.no}}", "{{.name}}", "{{.self}}", "{{.review}}", "{{.gap}}{{/overrated}}"]],
        )
    )
    b.append(MARK("{{/review.overrated_inline}}"))
    b.append(MARK("{{/section.review}}"))

    b.append(MARK("{{?section.problems}}"))
    b.append(H1("{{section.problems}}、主要问题"))
    b.append(MARK("{{?top_problems}}"))
    b.append(P("从各单位报送情况看，问题较为集中的任务是{{summary.top_tasks}}。完成较差的任务如下：", ppr=INTRO))
    b.append(
        table(
            # 任务 as wide as the counts allow: most task titles on one line
            [("序号", 700, C), ("任务", 3445, L), ("未填报", 900, C), ("未开展", 900, C), ("未全部完成", 900, C), ("次数不足", 900, C), ("平均得分率", 1100, C)],
            [["{{#top_problems}}{{.no}}", "{{.id}} {{.title}}", "{{.missing}}", "{{.not_started}}", "{{.partial}}", "{{.count_short}}", "{{.rate}}{{/top_problems}}"]],
        )
    )
    b.append(MARK("{{/top_problems}}"))
    b.append(P("{{^top_problems}}已报送单位的各项任务均已完成，未发现集中问题。{{/top_problems}}"))
    b.append(MARK("{{/section.problems}}"))

    b.append(MARK("{{?section.lagging}}"))
    b.append(H1("{{section.lagging}}、滞后单位及问题清单"))
    # up to [report] inline_units lagging units: each one's problem table here
    b.append(MARK("{{?lagging.inline}}"))
    b.append(P("共有{{summary.lagging}}个单位列为滞后单位，逐一列出问题清单如下（按问题类型归并，各项问题的具体情况见反馈意见）。"))
    b.append(MARK("{{#lagging}}"))
    b.append(H2("（{{.no_cn}}）{{.name}}（{{.reason}}）"))
    b.append(P("{{.figures}}", ppr=INTRO))
    # a unit that sent nothing has no list beyond the sentence above; the
    # body lists a unit's problems a kind a row (task ids), the letter each one
    b.append(MARK("{{?.submitted}}"))
    b.append(
        table(
            [("序号", 800, C), ("问题类型", 1800, C), ("涉及任务（编号）或具体情况", 5245, L), ("项数", 1000, C)],
            [["{{#.problem_kinds}}{{.no}}", "{{.kind}}", "{{.tasks}}", "{{.count}}{{/.problem_kinds}}"]],
        )
    )
    b.append(MARK("{{/.submitted}}"))
    b.append(MARK("{{/lagging}}"))
    b.append(MARK("{{/lagging.inline}}"))
    # more: counts by reason and group here, one row per unit in an attachment
    b.append(MARK("{{?lagging.apart}}"))
    b.append(P("共有{{summary.lagging}}个单位列为滞后单位，按原因统计如下（一个单位可能有几项原因）。", ppr=INTRO))
    b.append(
        table(
            [("分组", 2345, L), ("滞后单位", 1300, C), ("未报送", 1300, C), ("逾期报送", 1300, C), ("未按表格填报", 1300, C),
             ("等次低于“{{campaign.lagging_below}}”", 1300, C)],
            [
                ["{{#lagging_groups}}{{.name}}", "{{.lagging}}", "{{.lag_not_submitted}}", "{{.lag_late}}", "{{.lag_narrative}}", "{{.lag_low_grade}}{{/lagging_groups}}"],
                ["{{#lagging_total}}{{.name}}", "{{.lagging}}", "{{.lag_not_submitted}}", "{{.lag_late}}", "{{.lag_narrative}}", "{{.lag_low_grade}}{{/lagging_total}}"],
            ],
        )
    )
    b.append(
        P(
            "各滞后单位的原因、问题数和得分较低的任务见附件{{attachment.lagging}}。每个滞后单位的问题清单已形成反馈意见，"
            "另行印发。"
        )
    )
    b.append(MARK("{{/lagging.apart}}"))
    b.append(P("{{?attachment.not_submitted}}未报送的{{summary.not_submitted}}个单位名单见附件{{attachment.not_submitted}}。{{/attachment.not_submitted}}"))
    b.append(MARK("{{/section.lagging}}"))

    # SPEC 7.3: the rectification round, only when rectifications/ has a file
    b.append(MARK("{{?section.rectification}}"))
    b.append(H1("{{section.rectification}}、整改落实情况"))
    b.append(P("{{rectification.summary}}"))
    b.append(MARK("{{?rectification.inline}}"))
    b.append(P("尚有未整改任务的单位如下：", ppr=INTRO))
    # 整改后报送 holds a date on its line ("2024年12月31日", then 逾期报送 below
    # it: pipeline/write/rectify_docs.c) in the widest digits LibreOffice
    # falls back to (DejaVu Serif, 0.64 em)
    rect_cols = [("序号", 700, C), ("单位", 2545, L), ("未整改的任务", 3200, L), ("整改后报送", 2400, C)]
    b.append(
        table(
            rect_cols,
            [["{{#rectification_open}}{{.no}}", "{{.name}}", "{{.open}}", "{{.sent}}{{/rectification_open}}"]],
        )
    )
    b.append(MARK("{{/rectification.inline}}"))
    b.append(
        P(
            "{{?rectification.apart}}尚有未整改任务的单位{{rectification.open_units}}个，名单及其未整改的任务见附件"
            "{{attachment.rectification}}。{{/rectification.apart}}"
        )
    )
    b.append(MARK("{{/section.rectification}}"))

    # 拟定候选名单 (SPEC 6.4, 6.5): the last section
    cand_cols = [("序号", 900, C), ("单位", 4045, L), ("{{candidates.percent_label}}（%）", 2100, C), ("等次", 1800, C)]
    b.append(MARK("{{?section.candidates}}"))
    b.append(H1("{{section.candidates}}、拟定候选名单"))
    # candidates.basis: how the list was reached (自评 / 实地考评, 综合审定), ending in "，"
    picked = "{{candidates.basis}}拟定{{candidates.honour}}候选单位{{candidates.count}}个"
    notice = "（公示稿另行印发）"
    b.append(P("{{?candidates.inline}}" + picked + notice + "，名单如下：{{/candidates.inline}}", ppr=INTRO))
    b.append(P("{{?candidates.apart}}" + picked + notice + "，名单见附件{{attachment.candidates}}。{{/candidates.apart}}"))
    b.append(P("{{^candidates}}{{candidates.basis}}暂无符合条件的单位。{{/candidates}}"))
    b.append(MARK("{{?candidates.inline}}"))
    b.append(table(cand_cols, [["{{#candidates}}{{.no}}", "{{.name}}", "{{.percent}}", "{{.grade}}{{/candidates}}"]]))
    b.append(MARK("{{/candidates.inline}}"))
    b.append(MARK("{{/section.candidates}}"))
    b.append(
        P(
            "{{?attachment.issues}}此外，退回文件{{summary.rejected}}份，无法识别报送单位的文件{{summary.unknown}}份，"
            "详见附件{{attachment.issues}}。{{/attachment.issues}}"
        , ppr=KEEP)
    )

    # 附件说明: one blank line below the body, numbered from what is present
    b.append(MARK("{{?attachments}}"))
    b.append(P("", ppr=KEEP))
    b.append(P("{{#attachments_first}}附件：{{.no}}．{{.title}}{{/attachments_first}}", ppr=KEEP))
    # under 1．: the 2-character indent plus 附件： (three grid characters)
    b.append(P("{{#attachments_rest}}{{.no}}．{{.title}}{{/attachments_rest}}", ppr=KEEP + '<w:ind w:firstLineChars="500" w:firstLine="1600"/>'))
    b.append(MARK("{{/attachments}}"))
    # GB/T 9704 7.3.5.2: the issuer one blank line below the body (or the
    # 附件 list), as in the letters and the notice
    b.append(P("", ppr=KEEP))
    b.append(P("{{campaign.issuer}}", "HzSignature", ppr=KEEP))
    b.append(P("{{campaign.as_of}}", "HzDate"))

    # 附件: each present only when the body refers to it, numbered by report.c
    b += attachment("pending", "尚未报送单位名单", table(
        [("序号", 1000, C), ("单位", 5345, L), ("分组", 2500, C)],
        [["{{#not_submitted}}{{.no}}", "{{.name}}", "{{.group}}{{/not_submitted}}"]]))
    b += attachment("phases", "阶段材料未报送单位名单", table(
        [("序号", 800, C), ("单位", 3245, L), ("分组", 1800, C), ("未报送的阶段材料", 3000, L)],
        [["{{#phase_missing}}{{.no}}", "{{.name}}", "{{.group}}", "{{.phases}}{{/phase_missing}}"]]))
    b += attachment(
        "ranking", "排名表",
        MARK("{{^section.review}}"),
        table(rank_cols,
              [["{{#ranked}}{{.rank}}", "{{.name}}", "{{.score}}", "{{.percent}}", "{{.grade}}", "{{.completion}}{{/ranked}}"]]),
        MARK("{{/section.review}}"),
        MARK("{{?section.review}}"),
        table(review_rank_cols,
              [["{{#ranking_all}}{{.rank}}", "{{.name}}", "{{.self}}", "{{.review}}", "{{.final}}", "{{.grade}}{{/ranking_all}}"]]),
        MARK("{{/section.review}}"),
    )
    b += attachment("overrated", "自评偏高单位名单", table(
        overrated_cols, [["{{#overrated}}{{.no}}", "{{.name}}", "{{.self}}", "{{.review}}", "{{.gap}}{{/overrated}}"]]))
    b += attachment("lagging", "滞后单位问题汇总", table(
        [("序号", 700, C), ("单位", 2745, L), ("分组", 1300, C), ("原因", 1900, L), ("问题数", 800, C), ("得分较低的任务（编号）", 1400, C)],
        [["{{#lagging}}{{.no}}", "{{.name}}", "{{.group}}", "{{.reason}}", "{{.nproblems}}", "{{.weakest}}{{/lagging}}"]]))
    b += attachment("not_submitted", "未报送单位名单", table(
        [("序号", 1000, C), ("单位", 5345, L), ("分组", 2500, C)],
        [["{{#not_submitted}}{{.no}}", "{{.name}}", "{{.group}}{{/not_submitted}}"]]))
    b += attachment("rectification", "整改未完成单位名单", table(
        rect_cols, [["{{#rectification_open}}{{.no}}", "{{.name}}", "{{.open}}", "{{.sent}}{{/rectification_open}}"]]))
    b += attachment("candidates", "拟定候选名单", table(
        cand_cols, [["{{#candidates}}{{.no}}", "{{.name}}", "{{.percent}}", "{{.grade}}{{/candidates}}"]]))
    b += attachment(
        "issues", "退回及校验问题",
        # 类型 holds 单位无法识别 on one line
        table([("序号", 800, C), ("类型", 1700, C), ("文件", 3045, L), ("说明", 3300, L)],
              [["{{#issues}}{{.no}}", "{{.kind}}", "{{.file}}", "{{.detail}}{{/issues}}"]]),
        # SPEC §4: warnings only counted here (they may hold a form's stray notes)
        P("{{?summary.warnings}}另有校验提示{{summary.warnings}}条（如完成情况无法识别、自评分超出分值），"
          "系填报细节，不逐条列出。{{/summary.warnings}}"),
    )
    return "".join(b)


def feedback_body():
    b = []
    b.append(P("关于{{unit.name}}自查自评问题整改的反馈意见", "Title"))
    b.append(P("{{unit.name}}：", "HzAddressee"))
    b.append(P("%s现将你单位自查自评情况及存在的问题反馈如下，请认真抓好整改。" % PLAN))
    b.append(H1("一、基本情况"))
    b.append(P("{{unit.figures}}"))
    b.append(MARK("{{?unit.submitted}}"))
    b.append(
        kv_table(
            [
                ("报送情况", "{{unit.timeliness}}"),
                ("报送日期", "{{unit.date}}"),
                ("得分（满分{{unit.max}}）", "{{unit.score}}"),
                ("得分率（%）", "{{unit.percent}}"),
                ("等次", "{{unit.grade}}"),
                ("名次", "{{unit.rank_line}}"),
                ("任务完成率", "{{unit.completion}}"),
                ("列为滞后单位的原因", "{{unit.reason}}"),
            ]
        )
    )
    b.append(MARK("{{/unit.submitted}}"))
    b.append(MARK("{{?unit.categories}}"))
    b.append(P("各类指标得分情况如下：", ppr=INTRO))
    b.append(
        table(
            [("类别", 4045, L), ("得分", 1600, C), ("满分", 1600, C), ("得分率", 1600, C)],
            [["{{#unit.categories}}{{.name}}", "{{.score}}", "{{.max}}", "{{.rate}}{{/unit.categories}}"]],
        )
    )
    b.append(MARK("{{/unit.categories}}"))
    # SPEC 6.3: the review and the final result; 自评偏高 when flagged
    b.append(P("{{?unit.review}}{{unit.review}}{{/unit.review}}"))
    b.append(P("{{?unit.overrated}}{{unit.overrated}}{{/unit.overrated}}"))
    b.append(H1("二、问题清单"))
    # SPEC 7.3: with a rectification round, what the rectified form closed
    # (the table then lists only what is still open); dropped without one.
    b.append(P("{{?unit.rectification}}{{unit.rectification}}{{/unit.rectification}}"))
    b.append(
        table(
            # 问题类型 holds five characters (longer labels come broken between
            # their words: docdata_problem_label_cell); 具体情况 holds
            # "截至2024年12月31日" on one line (dates never break; docdata.c
            # opens a line with each date of a 逾期报送 row)
            [("序号", 700, C), ("问题类型", 1400, C), ("涉及任务", 1845, L), ("任务要求", 1900, L), ("具体情况", 3000, L)],
            [["{{#unit.problems}}{{.no}}", "{{.kind}}", "{{.task}}", "{{.requirement}}", "{{.detail}}{{/unit.problems}}"]],
        )
    )
    b.append(H1("三、整改要求"))
    b.append(
        P(
            "{{?campaign.rectify_by}}请你单位对照问题清单逐项整改，明确整改责任人和完成时限，"
            "于{{campaign.rectify_by}}前将整改情况书面报送{{campaign.issuer}}。{{/campaign.rectify_by}}"
        , ppr=KEEP)
    )
    b.append(
        P(
            "{{^campaign.rectify_by}}请你单位对照问题清单逐项整改，明确整改责任人和完成时限，"
            "并及时将整改情况书面报送{{campaign.issuer}}。{{/campaign.rectify_by}}"
        , ppr=KEEP)
    )
    b.append(P("", ppr=KEEP))
    b.append(P("{{campaign.issuer}}", "HzSignature", ppr=KEEP))
    b.append(P("{{campaign.as_of}}", "HzDate"))
    return "".join(b)


def notice_body():
    """拟定名单公示 (SPEC 6.4): how the list was reached, the list, 公示期 and contact."""
    b = []
    b.append(P("关于{{notice.honour}}拟定名单的公示", "Title"))
    b.append(MARK("{{?candidates}}"))
    # block marks around them: a paragraph opening with a tag of its own is
    # kept or dropped by that tag, and PLAN is one
    b.append(MARK("{{?notice.reviewed}}"))
    b.append(
        P(
            PLAN + "按照单位自评、评审组实地考评、综合审定的步骤，"
            "经{{campaign.issuer}}综合审定，拟将以下{{notice.count_cn}}个单位确定为{{notice.honour}}，现予以公示。"
        )
    )
    b.append(MARK("{{/notice.reviewed}}"))
    b.append(MARK("{{^notice.reviewed}}"))
    b.append(
        P(
            PLAN + "依据各单位自查自评结果（未经评审组实地考评），"
            "拟将以下{{notice.count_cn}}个单位确定为{{notice.honour}}，现予以公示。"
        )
    )
    b.append(MARK("{{/notice.reviewed}}"))
    b.append(
        table(
            [("序号", 1000, C), ("单位", 4445, L), ("{{notice.percent_label}}", 2000, C), ("等次", 1400, C)],
            [["{{#candidates}}{{.no}}", "{{.name}}", "{{.percent}}", "{{.grade}}{{/candidates}}"]],
        )
    )
    b.append(
        P(
            "{{?notice.publicity}}公示期为{{notice.publicity}}。公示期间，如对拟定名单有不同意见，"
            "可通过来电、来信、来访等方式向{{campaign.issuer}}反映。反映情况应实事求是，"
            "并提供真实姓名和联系方式。{{/notice.publicity}}"
        , ppr=KEEP)
    )
    # flush left: the phone number does not break (U+2011), and a justified
    # line before it would be stretched across the page
    b.append(P("{{?notice.contact}}{{notice.contact}}{{/notice.contact}}", ppr=KEEP + '<w:jc w:val="left"/>'))
    b.append(MARK("{{/candidates}}"))
    b.append(MARK("{{^candidates}}"))
    b.append(P(PLAN + "经审定，本次暂无符合{{notice.honour}}推荐条件的单位。", ppr=KEEP))
    b.append(MARK("{{/candidates}}"))
    # the signature and date keep together, with a blank line above
    b.append(P("", ppr=KEEP))
    b.append(P("{{campaign.issuer}}", "HzSignature", ppr=KEEP))
    b.append(P("{{campaign.as_of}}", "HzDate"))
    return "".join(b)


def write(path, members):
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))
    os.replace(tmp, path)


def package(body, chart):
    m = [
        ("[Content_Types].xml", content_types(chart)),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
        ("word/document.xml", document(body)),
        ("word/_rels/document.xml.rels", doc_rels(chart)),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", FONTS),
        ("word/footer1.xml", footer("right")),
        ("word/footer2.xml", footer("left")),
    ]
    if chart:
        m.append(("word/charts/chart1.xml", CHART_PLACEHOLDER))
        m += [("word/charts/chart%d.xml" % n, CHART_PLACEHOLDER) for _, n, _ in MORE_CHARTS]
    return m


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "templates")
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "report.docx"), package(report_body(), True))
    write(os.path.join(out, "feedback.docx"), package(feedback_body(), False))
    write(os.path.join(out, "notice.docx"), package(notice_body(), False))


if __name__ == "__main__":
    main()
