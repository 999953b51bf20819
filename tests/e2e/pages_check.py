#!/usr/bin/env python3
"""Reads the pages LibreOffice printed (pdftotext, page by page) of the
documents of one campaign and checks what a person setting them would
(SPEC 4, "The letters and every other page"):

  closing   no page holds only a closing block (the issuer, the date, and
            the 附件： list above them) -- it keeps with the text before it.
  letters   a letter lists no problem of a task results.json marks closed
            in the rectification round; a 考评汇总表 row's one comment is
            printed once; a deduction without a comment gives no reason
            (never "扣分原因：考评得分…").
  punct     every ，。；：、 of the document is printed: LibreOffice's
            character grid drops a mark that would hang past the line's end
            (the letters' "明确责任人和完成时限，" lost its comma so).

Usage: pages_check.py CAMPAIGN_DIR OUTPUT_DIR SRC_DIR PDF... (SRC_DIR holds
the .docx each PDF was printed from, of the same name); prints one line per
fault and exits 1 when there is any."""
import json
import re
import subprocess
import sys
import zipfile

def ini_value(path, section, key):
    sec = None
    for raw in open(path, encoding="utf-8-sig", errors="replace"):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        m = re.fullmatch(r"\[\s*(.*?)\s*\]", line)
        if m:
            sec = m.group(1)
            continue
        if sec == section and "=" in line:
            k, v = line.split("=", 1)
            if k.strip() == key:
                return re.split(r"\s[;#]", v, 1)[0].strip()
    return None

def squeeze(s):
    return re.sub(r"\s+", "", s)

def pages(pdf):
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    ps = out.split("\f")
    if ps and not ps[-1].strip():
        ps.pop()
    return ps

FOOTER = re.compile(r"^[—–-]\s*\d+\s*[—–-]$")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
ATTACH = re.compile(r"^(附件：)?\d+．")

def closing_alone(name, ps, issuer):
    faults = []
    for no, page in enumerate(ps, 1):
        lines = [squeeze(l) for l in page.splitlines()]
        lines = [l for l in lines if l and not FOOTER.match(l)]
        if not lines:
            continue
        closing = [l for l in lines if l == issuer or DATE.match(l) or ATTACH.match(l)]
        if len(closing) == len(lines) and any(l == issuer for l in lines):
            faults.append("%s page %d of %d holds only its closing block: %s" % (name, no, len(ps), " / ".join(lines)))
    return faults

def doc_text(docx):
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))

def punct_lost(name, ps, text):
    faults = []
    printed = "".join(ps)
    for mark in "，。；：、":
        if text.count(mark) != printed.count(mark):
            faults.append("%s: %d of %d %s printed" % (name, printed.count(mark), text.count(mark), mark))
    return faults

def tables(docx):
    """Each table of the document: a list of rows, each a list of cell texts."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    out = []
    for tbl in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S):
        rows = []
        for tr in re.findall(r"<w:tr[ >].*?</w:tr>", tbl, re.S):
            rows.append(["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", tc))
                         for tc in re.findall(r"<w:tc>.*?</w:tc>", tr, re.S)])
        out.append(rows)
    return out

def letter_faults(name, docx, unit):
    faults = []
    text = doc_text(docx)
    rect = unit.get("rectification") or {}
    closed = set(rect.get("closed") or [])
    for rows in tables(docx):
        if not rows or rows[0][:3] != ["序号", "问题类型", "涉及任务"]:
            continue
        for row in rows[1:]:
            task = row[2].split(" ", 1)[0] if len(row) > 2 else ""
            if task and task in closed:
                faults.append("%s: lists a problem of task %s, closed in the round: %s" % (name, task, " | ".join(row)))
    review = unit.get("review") or {}
    comments = [t.get("comment") for t in review.get("tasks") or [] if t.get("comment")]
    if len(comments) > 1 and len(set(comments)) == 1 and text.count(comments[0]) > 1:
        faults.append("%s: the review's one comment printed %d times: %s" % (name, text.count(comments[0]), comments[0]))
    if "扣分原因：考评得分" in text:
        faults.append("%s: a deduction's reason repeats its score" % name)
    return faults

def main():
    campaign, output, src, pdfs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    issuer = squeeze(ini_value(campaign + "/campaign.ini", "campaign", "issuer") or "")
    faults = []
    npages = 0
    results = json.load(open(output + "/results.json", encoding="utf-8"))
    units = {u["name"]: u for u in results["units"]}
    for pdf in pdfs:
        name = pdf.rsplit("/", 1)[-1]
        ps = pages(pdf)
        npages += len(ps)
        faults += closing_alone(name, ps, issuer)
        docx = src + "/" + name[:-4] + ".docx"
        faults += punct_lost(name, ps, doc_text(docx))
        if name.startswith("letter-") and name[7:-4] in units:
            faults += letter_faults(name, docx, units[name[7:-4]])
    for f in faults:
        print(f)
    print("%d documents, %d pages, %d faults" % (len(pdfs), npages, len(faults)))
    return 1 if faults else 0

if __name__ == "__main__":
    sys.exit(main())
