#!/usr/bin/python3
"""Reads a chart of 汇总报告.docx by the name of its drawing (as report.c
finds it) and prints what it caches, as JSON:

    report_chart_read.py REPORT.docx NAME

{"found": bool, "part": "word/charts/chart2.xml", "categories": [...],
 "series": [{"name": …, "values": [numbers]}], "sheet": [[cells]] (the
 embedded workbook's Sheet1, when openpyxl can read it),
 "parts": [every chart part in the package]}
"""
import io
import json
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET

W = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
     "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
     "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
     "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}


def rels(z, part):
    d, f = posixpath.split(part)
    name = posixpath.join(d, "_rels", f + ".rels")
    if name not in z.namelist():
        return {}
    out = {}
    for r in ET.fromstring(z.read(name)).findall("pr:Relationship", W):
        out[r.get("Id")] = posixpath.normpath(posixpath.join(d, r.get("Target")))
    return out


def main():
    z = zipfile.ZipFile(sys.argv[1])
    name = sys.argv[2]
    doc = ET.fromstring(z.read("word/document.xml"))
    out = {"found": False, "parts": sorted(n for n in z.namelist() if n.startswith("word/charts/") and n.endswith(".xml") and "/_rels/" not in n)}
    for inline in doc.iter("{%s}inline" % W["wp"]):
        pr = inline.find("wp:docPr", W)
        if pr is None or pr.get("name") != name:
            continue
        ch = inline.find(".//c:chart", W)
        part = rels(z, "word/document.xml")[ch.get("{%s}id" % W["r"])]
        cs = ET.fromstring(z.read(part))
        out.update(found=True, part=part, series=[])
        for ser in cs.iter("{%s}ser" % W["c"]):
            cats = [v.text for v in ser.findall("c:cat//c:pt/c:v", W)]
            out["categories"] = cats
            out["series"].append({"name": "".join(v.text for v in ser.findall("c:tx//c:v", W)),
                                  "values": [float(v.text) for v in ser.findall("c:val//c:pt/c:v", W)]})
        data = [t for i, t in rels(z, part).items() if t.endswith(".xlsx")]
        if data:
            try:
                import openpyxl
                ws = openpyxl.load_workbook(io.BytesIO(z.read(data[0])))["Sheet1"]
                out["sheet"] = [[c.value for c in r] for r in ws.iter_rows()]
            except ImportError:
                pass
        break
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
