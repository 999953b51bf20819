#!/usr/bin/env python3
"""Reads the pages LibreOffice printed (pdftotext, page by page) of the
documents of one campaign and checks what a person setting them would
(SPEC 4, "The letters and every other page"):

  closing   no page holds only a closing block (the issuer, the date, and
            the 附件： list above them) -- it keeps with the text before it.
  punct     every ，。；：、 of the document is printed: LibreOffice's
            character grid drops a mark that would hang past the line's end
            (the letters' "明确责任人和完成时限，" lost its comma so).

Usage: pages_check.py CAMPAIGN_DIR OUTPUT_DIR SRC_DIR PDF... (SRC_DIR holds
the .docx each PDF was printed from, of the same name); prints one line per
fault and exits 1 when there is any."""
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

def main():
    campaign, output, src, pdfs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    issuer = squeeze(ini_value(campaign + "/campaign.ini", "campaign", "issuer") or "")
    faults = []
    npages = 0
    for pdf in pdfs:
        name = pdf.rsplit("/", 1)[-1]
        ps = pages(pdf)
        npages += len(ps)
        faults += closing_alone(name, ps, issuer)
        faults += punct_lost(name, ps, doc_text(src + "/" + name[:-4] + ".docx"))
    for f in faults:
        print(f)
    print("%d documents, %d pages, %d faults" % (len(pdfs), npages, len(faults)))
    return 1 if faults else 0

if __name__ == "__main__":
    sys.exit(main())
