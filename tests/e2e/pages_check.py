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
  titles    a title's lines (2号 text) end between words: never inside a
            compound of the campaign (its title, issuer, roster names,
            categories, task titles, and 模范机关, 自查自评 …), nor inside a
            number or between a number and its unit (2024|年).
  numbers   no line of any page ends inside a phone number at its hyphen
            (0000-|12345678).  Dates split in narrow table cells
            (2024年11月|8日) are counted and printed, not failed: LibreOffice
            breaks them even with a word joiner between their parts.
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

COMMON = ["模范机关", "清廉机关", "自查自评", "自查情况", "汇总", "整改", "考评验收", "反馈意见", "问题清单",
          "任务清单", "拟定名单", "公示", "实地考评", "综合审定", "评审组", "工作委员会", "党工委", "机关工委",
          "党支部", "自评表", "创建"]
DIGIT = "0123456789０１２３４５６７８９"
UNITS = "年月日号度期届次个项分名位条份家人"

def title_rows(pdf):
    """Per page, the rows of 2号 text (a title), each as its text."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages, rows = [], None
    for line in out.split("\n"):
        if line.strip().startswith("<page"):
            rows = {}
            pages.append(rows)
            continue
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if not m or rows is None:
            continue
        y0, y1 = float(m.group(2)), float(m.group(4))
        if 26 <= y1 - y0 <= 32:
            rows.setdefault(round(y0), []).append((float(m.group(1)), m.group(5)))
    result = []
    for rows in pages:
        ys = sorted(rows)
        block = []
        for y in ys:
            text = "".join(t for _, t in sorted(rows[y]))
            if block and y - block[-1][0] > 45:  # another title further down
                result.append([t for _, t in block])
                block = []
            block.append((y, text))
        if block:
            result.append([t for _, t in block])
    return result

def title_faults(name, pdf, words):
    faults = []
    for rows in title_rows(pdf):
        for a, b in zip(rows, rows[1:]):
            joined = a + b
            k = len(a)
            if a[-1:] and b[:1] and a[-1] in DIGIT and (b[0] in DIGIT or b[0] in UNITS):
                faults.append("%s: title line ends inside a number: %s / %s" % (name, a, b))
                continue
            for w in words:
                start = joined.find(w)
                while start >= 0:
                    if start < k < start + len(w):
                        faults.append("%s: title line ends inside %s: %s / %s" % (name, w, a, b))
                        break
                    start = joined.find(w, start + 1)
    return faults

DATE_SPLIT = [(re.compile("[%s][年月]$" % DIGIT), re.compile("^[%s]" % DIGIT)),
              (re.compile("[%s]$" % DIGIT), re.compile("^[年月日]"))]
PHONE_SPLIT = (re.compile("[%s][-－‑]$" % DIGIT), re.compile("^[%s]" % DIGIT))

def number_faults(name, pdf, notes):
    """Phone numbers split at their hyphen (faults); dates split (notes)."""
    faults = []
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for no, page in enumerate(out.split("\f"), 1):
        lines = [squeeze(l) for l in page.splitlines()]
        for a, b in zip(lines, lines[1:]):
            if not a or not b:
                continue
            if PHONE_SPLIT[0].search(a) and PHONE_SPLIT[1].search(b):
                faults.append("%s page %d: a phone number split: %s / %s" % (name, no, a[-12:], b[:12]))
            for pa, pb in DATE_SPLIT:
                if pa.search(a) and pb.search(b):
                    notes.append("%s page %d: a date split: %s / %s" % (name, no, a[-12:], b[:12]))
    return faults

def main():
    campaign, output, src, pdfs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    issuer = squeeze(ini_value(campaign + "/campaign.ini", "campaign", "issuer") or "")
    faults, notes = [], []
    npages = 0
    results = json.load(open(output + "/results.json", encoding="utf-8"))
    units = {u["name"]: u for u in results["units"]}
    words = set(COMMON)
    words.update(u["name"] for u in results["units"])
    words.update(t.get("title") or "" for t in results.get("checklist", []))
    words.update(t.get("category") or "" for t in results.get("checklist", []))
    words.add(issuer)
    words.add(squeeze((results.get("campaign") or {}).get("title") or ""))
    # the title itself, when longer than a line, must break: its words count
    words = sorted(w for w in words if 2 <= len(w) <= 16)
    for pdf in pdfs:
        name = pdf.rsplit("/", 1)[-1]
        ps = pages(pdf)
        npages += len(ps)
        faults += closing_alone(name, ps, issuer)
        docx = src + "/" + name[:-4] + ".docx"
        faults += punct_lost(name, ps, doc_text(docx))
        faults += title_faults(name, pdf, words)
        faults += number_faults(name, pdf, notes)
        if name.startswith("letter-") and name[7:-4] in units:
            faults += letter_faults(name, docx, units[name[7:-4]])
    for f in notes[:5]:
        print("note: " + f)
    if len(notes) > 5:
        print("note: … %d dates split in all" % len(notes))
    for f in faults:
        print(f)
    print("%d documents, %d pages, %d faults" % (len(pdfs), npages, len(faults)))
    return 1 if faults else 0

if __name__ == "__main__":
    sys.exit(main())
