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
  titles    a title's lines (2号 text) end between words: at an ICU word
            boundary (libicuuc's ubrk, zh), never inside a compound of the
            campaign (its title, issuer, roster names, categories, task
            titles, and 模范机关, 自查自评 …), nor inside a number or between
            a number and its unit (2024|年).
  headings  so do the lines of a heading (一、…, （一）…) that takes more
            than one: each heading of the document is found in the printed
            lines and every place it breaks is checked as a title's.
  numbers   no line of any page ends inside a date (2024年11月|8日,
            2024-|04-30), a phone number at its hyphen (0000-|12345678), or
            a number (66.|96, 66.96|%).  LibreOffice breaks a date anywhere
            between its parts, even with a word joiner there: the columns
            that hold dates are sized for them and the program opens a line
            with a date where the text before it would leave too little room.
  punct     every ，。；：、 of the document is printed: LibreOffice's
            character grid drops a mark that would hang past the line's end
            (the letters' "明确责任人和完成时限，" lost its comma so); a chart's
            category labels may print more.

Usage: pages_check.py CAMPAIGN_DIR OUTPUT_DIR SRC_DIR PDF... (SRC_DIR holds
the .docx each PDF was printed from, of the same name); prints one line per
fault and exits 1 when there is any.  pages_check.py --self-test runs the
line checks on made-up lines, each fault once, and exits 1 if one is missed."""
import ctypes
import glob
import html
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

def chart_labels(docx):
    """The charts' category labels: printed on their axes, at most once each
    (a kit's category may hold a comma)."""
    z = zipfile.ZipFile(docx)
    text = ""
    for name in sorted(n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)):
        cat = re.search(r"<c:cat>.*?</c:cat>", z.read(name).decode(), re.S)
        if cat:
            text += "".join(re.findall(r"<c:v>([^<]*)</c:v>", cat.group(0)))
    return text

def punct_lost(name, ps, text, charts=""):
    faults = []
    printed = "".join(ps)
    for mark in "，。；：、":
        if not text.count(mark) <= printed.count(mark) <= text.count(mark) + charts.count(mark):
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
          "党支部", "自评表", "创建", "报送", "填报", "等次", "不合格", "阶段材料"]
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

class WordBounds:
    """ICU's word boundaries (ubrk_open(UBRK_WORD, "zh")), through libicuuc
    itself: the library huizong links (pkg-config icu-uc), no Python binding."""

    def __init__(self):
        paths = sorted(glob.glob("/usr/lib/*/libicuuc.so.[0-9]*") + glob.glob("/usr/lib/libicuuc.so.[0-9]*") +
                       glob.glob("/usr/local/lib/libicuuc.so.[0-9]*"), key=len)
        if not paths:
            raise SystemExit("pages_check.py: libicuuc not found (Debian: libicu72 / libicu-dev)")
        lib = ctypes.CDLL(paths[0])
        major = re.search(r"libicuuc\.so\.(\d+)", paths[0]).group(1)

        def fn(name, res, *args):
            for n in (name + "_" + major, name):
                f = getattr(lib, n, None)
                if f is not None:
                    f.restype, f.argtypes = res, list(args)
                    return f
            raise SystemExit("pages_check.py: %s not in %s" % (name, paths[0]))
        i32, vp = ctypes.c_int32, ctypes.c_void_p
        self.open = fn("ubrk_open", vp, ctypes.c_int, ctypes.c_char_p, vp, i32, ctypes.POINTER(ctypes.c_int))
        self.first = fn("ubrk_first", i32, vp)
        self.next = fn("ubrk_next", i32, vp)
        self.close = fn("ubrk_close", None, vp)
        self.cache = {}

    def __call__(self, text):
        """The code point offsets where ICU's word break lets text break."""
        if text in self.cache:
            return self.cache[text]
        units = text.encode("utf-16-le")
        buf = ctypes.create_string_buffer(units, len(units) + 2)
        status = ctypes.c_int(0)
        bi = self.open(1, b"zh", ctypes.cast(buf, ctypes.c_void_p), len(units) // 2, ctypes.byref(status))  # UBRK_WORD
        if status.value > 0 or not bi:
            raise SystemExit("pages_check.py: ubrk_open failed (%d)" % status.value)
        cp_at, k = {}, 0  # UTF-16 offset -> code point offset
        for i, ch in enumerate(text):
            cp_at[k] = i
            k += 2 if ord(ch) > 0xFFFF else 1
        cp_at[k] = len(text)
        out, b = set(), self.first(bi)
        while b != -1:
            out.add(cp_at.get(b, -1))
            b = self.next(bi)
        self.close(bi)
        self.cache[text] = out
        return out


def break_fault(a, b, words, bounds):
    """Why a line ending after a (text of a title or heading) and going on
    with b ends inside a word, or None."""
    joined, k = a + b, len(a)
    if a[-1:] and b[:1] and a[-1] in DIGIT and (b[0] in DIGIT or b[0] in UNITS):
        return "inside a number"
    for w in words:
        start = joined.find(w)
        while start >= 0:
            if start < k < start + len(w):
                return "inside " + w
            start = joined.find(w, start + 1)
    if bounds is not None and k not in bounds(joined):
        return "inside a word (ICU)"
    return None


def title_faults(name, pdf, words, bounds):
    faults = []
    for rows in title_rows(pdf):
        for a, b in zip(rows, rows[1:]):
            why = break_fault(a, b, words, bounds)
            if why:
                faults.append("%s: title line ends %s: %s / %s" % (name, why, a, b))
    return faults


def doc_headings(docx):
    """The text of each 一、/（一） heading (Heading1, Heading2) of the document."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    out = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        if re.search(r'<w:pStyle w:val="Heading[12]"/>', para):
            out.append(squeeze("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para))))
    return [h for h in out if h]


def heading_faults(name, lines, headings, words, bounds):
    """lines: the printed lines of the document, squeezed, in reading order."""
    faults = []
    for h in headings:
        for i, line in enumerate(lines):
            if not (2 <= len(line) < len(h) and h.startswith(line)):
                continue
            cut, j, cuts = len(line), i + 1, []
            while cut < len(h) and j < len(lines) and lines[j] and h.startswith(lines[j], cut):
                cuts.append(cut)
                cut += len(lines[j])
                j += 1
            if cut != len(h):
                continue  # not this heading's lines
            for c in cuts:
                why = break_fault(h[:c], h[c:], words, bounds)
                if why:
                    faults.append("%s: heading line ends %s: %s / %s" % (name, why, h[:c], h[c:]))
    return faults


DATE_SPLIT = [(re.compile("[%s][年月]$" % DIGIT), re.compile("^[%s]" % DIGIT)),
              (re.compile("[%s]$" % DIGIT), re.compile("^[年月日]")),
              (re.compile(r"\d{4}-$"), re.compile(r"^\d{1,2}-\d")),
              (re.compile(r"\d{4}-\d{1,2}-$"), re.compile(r"^\d"))]
PHONE_SPLIT = (re.compile("[%s][-－‑]$" % DIGIT), re.compile("^[%s]" % DIGIT))
NUMBER_SPLIT = [(re.compile(r"\d[.．]$"), re.compile(r"^\d")), (re.compile(r"\d$"), re.compile(r"^[.．]\d")),
                (re.compile(r"\d$"), re.compile(r"^[%％]"))]


def line_faults(where, pairs):
    """Dates, phone numbers and numbers split between two lines of one
    paragraph or table cell (pairs: (line, the line below it))."""
    faults = []
    for a, b in pairs:
        if not a or not b:
            continue
        if any(pa.search(a) and pb.search(b) for pa, pb in DATE_SPLIT):
            faults.append("%s: a date split: %s / %s" % (where, a[-12:], b[:12]))
        elif PHONE_SPLIT[0].search(a) and PHONE_SPLIT[1].search(b):
            faults.append("%s: a phone number split: %s / %s" % (where, a[-12:], b[:12]))
        elif any(pa.search(a) and pb.search(b) for pa, pb in NUMBER_SPLIT):
            faults.append("%s: a number split: %s / %s" % (where, a[-12:], b[:12]))
    return faults


def printed_lines(pdf):
    """Per page, its printed lines as (x0, y0, x1, y1, text squeezed), top
    to bottom.  Words on one baseline make one line, but in a table a gap
    wider than the cell margins (2 x 4.25 pt) parts them: each cell has its
    own."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    result = []
    for page in out.split("<page ")[1:]:
        rows = {}
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            rows.setdefault((round(y0), round(y1)), []).append((x0, x1, html.unescape(m.group(5))))
        lines = []
        for (y0, y1), words in rows.items():
            words.sort()
            seg = [words[0]]
            for w in words[1:]:
                if y1 - y0 < 18 and w[0] - seg[-1][1] > 7:  # 小四: a table's; the body's grid leaves gaps
                    lines.append((seg[0][0], y0, seg[-1][1], y1, squeeze("".join(t for _, _, t in seg))))
                    seg = []
                seg.append(w)
            lines.append((seg[0][0], y0, seg[-1][1], y1, squeeze("".join(t for _, _, t in seg))))
        lines.sort(key=lambda l: (l[1], l[0]))
        result.append([l for l in lines if l[4]])
    return result


def line_pairs(lines):
    """Each line with the line that goes on below it in the same paragraph
    or cell: the nearest one down (a table's 小四 lines 16 pt apart, the
    body's 3号 29 pt), overlapping it across."""
    pairs = []
    for i, (x0, y0, x1, y1, text) in enumerate(lines):
        h = y1 - y0
        reach = 18 if h < 18 else 1.6 * h
        below = [l for l in lines[i + 1:] if 0.5 * h < l[1] - y0 <= reach and l[0] < x1 and x0 < l[2]]
        if below:
            nxt = min(below, key=lambda l: (l[1], -(min(x1, l[2]) - max(x0, l[0]))))
            pairs.append((text, nxt[4]))
    return pairs


def number_faults(name, pages_lines):
    faults = []
    for no, lines in enumerate(pages_lines, 1):
        faults += line_faults("%s page %d" % (name, no), line_pairs(lines))
    return faults


def self_test(bounds):
    """Each check finds the fault it is for, and passes what is whole."""
    words = sorted(COMMON + ["区机关事务管理局"])
    cases = [
        (line_faults("t", [("截至2024年11月", "8日未报送")]), 1), (line_faults("t", [("2024年11月8", "日报送")]), 1),
        (line_faults("t", [("截止2024-", "04-30）")]), 1), (line_faults("t", [("电话：0000-", "12345678")]), 1),
        (line_faults("t", [("66.", "96%")]), 1), (line_faults("t", [("66.96", "%")]), 1),
        (line_faults("t", [("2024年11月8日", "报送")]), 0), (line_faults("t", [("完成8次，要求至少12", "次")]), 0),
        (heading_faults("t", ["（五）区机关事务管理局（未报送、未报", "送创建方案）"], ["（五）区机关事务管理局（未报送、未报送创建方案）"],
                        words, bounds), 1),
        (heading_faults("t", ["（五）区机关事务管", "理局（未报送）"], ["（五）区机关事务管理局（未报送）"], words, bounds), 1),
        (heading_faults("t", ["（五）区机关事务管理局（未报送、", "未报送创建方案）"], ["（五）区机关事务管理局（未报送、未报送创建方案）"],
                        words, bounds), 0),
        (heading_faults("t", ["一、总体情况"], ["一、总体情况"], words, bounds), 0),
        ([1] if break_fault("2024年度区级机关模范", "机关创建", words, bounds) else [], 1),
        ([1] if break_fault("关于区交通运输局", "自查自评问题整改的反馈意见", words, bounds) else [], 0),
    ]
    missed = [i for i, (got, want) in enumerate(cases) if len(got) != want]
    for i in missed:
        print("self-test case %d: %d faults, want %d: %r" % (i, len(cases[i][0]), cases[i][1], cases[i][0]))
    print("self-test: %d cases, %d wrong" % (len(cases), len(missed)))
    return 1 if missed else 0


def main():
    bounds = WordBounds()
    if sys.argv[1:] == ["--self-test"]:
        return self_test(bounds)
    campaign, output, src, pdfs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    issuer = squeeze(ini_value(campaign + "/campaign.ini", "campaign", "issuer") or "")
    faults = []
    npages = nheadings = 0
    results = json.load(open(output + "/results.json", encoding="utf-8"))
    units = {u["name"]: u for u in results["units"]}
    words = set(COMMON)
    words.update(u["name"] for u in results["units"])
    words.update(t.get("title") or "" for t in results.get("checklist", []))
    words.update(t.get("category") or "" for t in results.get("checklist", []))
    words.update(p.get("name") or "" for p in results.get("phase_summary") or [])
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
        faults += punct_lost(name, ps, doc_text(docx), chart_labels(docx))
        faults += title_faults(name, pdf, words, bounds)
        lines = printed_lines(pdf)
        faults += number_faults(name, lines)
        headings = doc_headings(docx)
        nheadings += len(headings)
        faults += heading_faults(name, [l[4] for page in lines for l in page], headings, words, bounds)
        if name.startswith("letter-") and name[7:-4] in units:
            faults += letter_faults(name, docx, units[name[7:-4]])
    for f in faults:
        print(f)
    print("%d documents, %d pages, %d headings, %d faults" % (len(pdfs), npages, nheadings, len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
