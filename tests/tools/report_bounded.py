#!/usr/bin/python3
"""The bounded body of 汇总报告.docx (SPEC §4), read back with python-docx and
compared with results.json:

    report_bounded.py OUT_DIR [CAMPAIGN_DIR]

- sections: 一、二、… consecutive, in SPEC §4 order, each present when it
  applies; every 第X部分 names the section it means;
- 附件: the 附件： list numbered 1, 2, … in the order the body first refers
  to them, the attachments those that apply, each 附件N heading followed by
  its title; every 附件N in the body points at an attachment;
- 排名: the rows SPEC §4 asks for (whole ranking up to max(30, 2·top)
  submitted; else the first and last top with the ties at each cut, a tie
  group larger than top as one row), so at most 2·top unit rows plus the
  ties at the cuts;
- 分组情况, the lagging counts, 滞后单位问题汇总, 排名表, 未报送单位名单 and
  退回及校验问题 equal results.json (names, ranks, percents, reasons, counts);
- no unit's problem table in the body past inline_units lagging units;
- with reviews (SPEC 6.5): 考评验收情况's figures (reviewed, not reviewed,
  average self/review/final percent) and its overrated units (largest gap
  first; inline up to inline_units, else 附件 自评偏高单位名单); the ranking
  (and 排名表) with 自评/考评/综合: reviewed units by final rank, then the
  submitted ones not reviewed marked 未考评, cut by the rank shown;
- with [candidates]: 拟定候选名单 last, its list (inline up to inline_units,
  else 附件 拟定候选名单) equal to results.json's candidates.

[report] top / inline_units and the grades are read from CAMPAIGN_DIR's
campaign.ini when given (defaults 10 / 10, SPEC's grades otherwise).
Prints one line of what it checked; exits 1 with the first difference.
"""
import json
import os
import re
import sys

import docx
import docx.table
import docx.text.paragraph

SECTIONS = ["总体情况", "阶段工作推进情况", "排名", "分类指标完成情况", "考评验收情况", "主要问题", "滞后单位及问题清单", "整改落实情况", "拟定候选名单"]
CN = "一二三四五六七八九十"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def cn(n):
    if n <= 10:
        return CN[n - 1]
    return ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


def num(v):
    """docdata_num: at most 2 decimals, no trailing zeros."""
    s = "%.2f" % (v + (1e-9 if v >= 0 else -1e-9))
    s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def ini(campaign):
    """[report] top/inline_units, [grades] in order, [lagging] below."""
    top, inline, grades, below = 10, 10, ["优秀", "良好", "合格", "不合格"], "合格"
    path = os.path.join(campaign, "campaign.ini") if campaign else ""
    if not path or not os.path.exists(path):
        return top, inline, grades, below
    sec, got = None, []
    for line in open(path, encoding="utf-8-sig"):
        line = re.split(r"(?:^|\s)[;#]", line.rstrip("\n"))[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"\[(.*)\]", line)
        if m:
            sec = m.group(1).strip().lower()
            continue
        if "=" not in line:
            continue
        k, v = (x.strip() for x in line.split("=", 1))
        if sec == "report" and k.lower() == "top":
            top = int(v)
        elif sec == "report" and k.lower() == "inline_units":
            inline = int(v)
        elif sec == "grades":
            got.append((float(v), k))
        elif sec == "lagging" and k.lower() == "below":
            below = v
    if got:
        grades = [k for _, k in sorted(got, key=lambda x: -x[0])]
    return top, inline, grades, below


def table_rows(t):
    """Cell texts row by row (python-docx's rows[i].cells walks the whole
    table each time: too slow for a 2,000-row attachment)."""
    return [[docx.table._Cell(tc, t).text for tc in tr.tc_lst] for tr in t._tbl.tr_lst]


def body_tables_of(body_items):
    return [it[1] for it in body_items if it[0] == "t"]


def head_text_rows(rows):
    # a header wider than its column breaks between its words (SPEC 4)
    return [c.replace("\n", "") for c in rows[0]]


def head_text(t, i):
    tr = t._tbl.tr_lst[0]
    return docx.table._Cell(tr.tc_lst[i], t).text.replace("\n", "") if len(tr.tc_lst) > i else ""


def main():
    out = sys.argv[1]
    campaign = sys.argv[2] if len(sys.argv) > 2 else None
    top, inline, grades, below = ini(campaign)
    res = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
    units = res["units"]
    d = docx.Document(os.path.join(out, "汇总报告.docx"))

    # ---- the body and the attachments, in document order
    body = d.element.body
    items = []  # ("p", style, text) / ("t", Table)
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(el, d)
            items.append(("p", p.style.name, p.text))
        elif tag == "tbl":
            items.append(("t", docx.table.Table(el, d)))
    first_att = next((i for i, it in enumerate(items) if it[0] == "p" and it[1] == "附件标识"), len(items))
    body_items, att_items = items[:first_att], items[first_att:]
    body_text = "\n".join(it[2] for it in body_items if it[0] == "p")

    # ---- sections
    heads = [it[2] for it in body_items if it[0] == "p" and it[1].lower() == "heading 1"]
    titles = []
    for i, h in enumerate(heads):
        check(h.startswith(cn(i + 1) + "、"), "section %d is %r" % (i + 1, h))
        titles.append(h.split("、", 1)[1])
    check([t for t in SECTIONS if t in titles] == titles and set(titles) <= set(SECTIONS), "section order %r" % titles)
    submitted = [u for u in units if u["submitted"]]
    lagging = [u for u in units if u["lagging"]]
    not_sub = [u for u in units if not u["submitted"]]
    # SPEC §2: before the deadline (as_of <= deadline) they are only pending
    camp = res["campaign"]
    pending = bool(camp.get("deadline")) and camp["as_of"] <= camp["deadline"]
    not_sub_title = "尚未报送单位名单" if pending else "未报送单位名单"
    if pending and not_sub:
        check(not re.search(r"(?<!尚)未报送(?!整改)", body_text), "before the deadline the body says 未报送")
        check("尚未报送%d个（截止日期未到）" % len(not_sub) in body_text, "before the deadline: no 尚未报送N个（截止日期未到）")
    reviews = "final_settings" in res  # SPEC 6.3: written when the campaign has reviews
    reviewed = [u for u in units if u.get("review")]
    cands = res.get("candidates")
    overrated = [u for u in reviewed if u.get("overrated") and u["submitted"]]
    overrated.sort(key=lambda u: -(round(u["percent"] - u["review"]["percent"], 6)))  # stable: roster order in a tie
    ranked_any = submitted or reviewed if reviews else submitted
    # SPEC 9.4: 阶段工作推进情况 right after 总体情况, with [phases] (phase_summary in results.json)
    phases = res.get("phase_summary")
    phase_missing = [u for u in units if any(p["status"] == "missing" for p in u.get("phases", []))]
    want = ["总体情况"] + (["阶段工作推进情况"] if phases is not None else []) + (["排名"] if ranked_any else []) + (["分类指标完成情况"] if submitted else [])
    want += (["考评验收情况"] if reviews else [])
    want += (["主要问题"] if submitted else []) + (["滞后单位及问题清单"] if lagging else [])
    # SPEC 7.3: 整改落实情况 with a rectification round (rectification_summary in results.json)
    rect = "rectification_summary" in res
    want += ["整改落实情况"] if rect else []
    want += (["拟定候选名单"] if cands is not None else [])
    check(titles == want, "sections %r, expected %r" % (titles, want))
    for ref in re.findall(r"第(.{1,3}?)部分", body_text):
        check(ref in [cn(i + 1) for i in range(len(titles))], "第%s部分 names no section" % ref)
        check(titles[[cn(i + 1) for i in range(len(titles))].index(ref)] == "滞后单位及问题清单", "第%s部分" % ref)

    # ---- 附件
    # SPEC §4: rejected files and unknown units; the warnings only counted
    issues = res["rejected"] + res["unknown_units"]
    # the body is for superiors: no file, folder or worksheet named, no warning text
    for bad in (".docx", ".xlsx", ".csv", "submissions/", "reviews/", "rectifications/", "文件夹", "“问题清单”表", "工作表"):
        check(bad not in body_text, "the body names a file, folder or sheet: %r" % bad)
    for w in res["warnings"]:
        if len(w.get("text") or "") >= 8:
            check(w["text"] not in body_text, "the body quotes a warning: %r" % w["text"])
    # the ranking's order: section 2's; with reviews (SPEC 6.5) the reviewed units by
    # final rank, then the submitted ones not reviewed by their rank
    if reviews:
        ranked = [u for _, u in sorted(((u["final"]["rank"], i), u) for i, u in enumerate(units) if u.get("review"))]
        ranked += [u for _, u in sorted(((u["rank"], i), u) for i, u in enumerate(units) if u["submitted"] and not u.get("review"))]
    else:
        ranked = [u for _, u in sorted(((u["rank"], i), u) for i, u in enumerate(units) if u["submitted"])]
    cut = len(ranked) > max(30, 2 * top)
    apart = len(lagging) > inline
    want_att = (["尚未报送单位名单"] if not_sub and pending else [])
    want_att += (["阶段材料未报送单位名单"] if phases is not None and len(phase_missing) > inline else [])
    want_att += (["排名表"] if cut else []) + (["自评偏高单位名单"] if len(overrated) > inline else [])
    want_att += (["滞后单位问题汇总"] if lagging and apart else [])
    # units still short after rectification: inline up to inline_units, else 附件 (SPEC §4, 7.3)
    rect_open = [u for u in units if u.get("rectification") and u["rectification"]["open"]]
    want_att += (["未报送单位名单"] if not_sub and not pending else [])
    want_att += (["整改未完成单位名单"] if rect and len(rect_open) > inline else [])
    want_att += (["拟定候选名单"] if cands and len(cands) > inline else [])
    want_att += (["退回及校验问题"] if issues else [])
    listed = []
    for it in body_items:
        if it[0] != "p":
            continue
        m = re.fullmatch(r"(?:附件：)?(\d+)．(.+)", it[2])
        if m:
            listed.append((int(m.group(1)), m.group(2)))
    check([n for n, _ in listed] == list(range(1, len(listed) + 1)), "附件： list numbers %r" % listed)
    check([t for _, t in listed] == want_att, "附件： list %r, expected %r" % (listed, want_att))
    if listed:
        check(re.search(r"^附件：1．", body_text, re.M), "附件： list does not start with 附件：1．")
    refs = [int(x) for x in re.findall(r"附件(\d+)", body_text.split("\n附件：")[0])]
    firsts = []
    for r in refs:
        check(1 <= r <= len(want_att), "附件%d referred to, %d attachments" % (r, len(want_att)))
        if r not in firsts:
            firsts.append(r)
    check(firsts == list(range(1, len(want_att) + 1)), "附件 first referred to in the order %r" % firsts)
    att_heads = [(i, it[2]) for i, it in enumerate(att_items) if it[0] == "p" and it[1] == "附件标识"]
    check([h for _, h in att_heads] == ["附件%d" % (k + 1) for k in range(len(want_att))], "attachment headings %r" % att_heads)
    att_tables = {}
    for k, (i, h) in enumerate(att_heads):
        nxt = att_items[i + 1]
        check(nxt[0] == "p" and nxt[1] == "Title" and nxt[2] == want_att[k], "%s is titled %r" % (h, nxt))
        end = att_heads[k + 1][0] if k + 1 < len(att_heads) else len(att_items)
        tabs = [it[1] for it in att_items[i:end] if it[0] == "t"]
        check(len(tabs) == 1, "%s has %d tables" % (h, len(tabs)))
        att_tables[want_att[k]] = table_rows(tabs[0])

    # ---- 阶段工作推进情况: the table of phases, the units with a missing phase (SPEC 9.4)
    if phases is not None:
        ph_t = [table_rows(t) for t in body_tables_of(body_items) if head_text(t, 0) == "阶段"]
        check(len(ph_t) == 1, "%d tables of phases in the body" % len(ph_t))
        names = [r[0] for r in ph_t[0][1:]]
        want_names = [p["name"] for p in phases]
        check(set(want_names) <= set(names), "phases %r in the table, expected %r among them" % (names, want_names))
        for p in phases:
            row = next(r for r in ph_t[0][1:] if r[0] == p["name"])
            check(row[2:] == [str(p["on_time"]), str(p["late"]), str(p["missing"]), str(p["pending"])],
                  "phase %s: %r" % (p["name"], row))
        want_rows = [[str(i + 1), u["name"], u["group"] or "",
                      "、".join(p["name"] for p in u["phases"] if p["status"] == "missing")]
                     for i, u in enumerate(phase_missing)]
        if len(phase_missing) > inline:
            check(att_tables["阶段材料未报送单位名单"][1:] == want_rows, "阶段材料未报送单位名单 differs")
        elif phase_missing:
            # named in one sentence: unit（phases）、…
            listed = "、".join("%s（%s）" % (r[1], r[3]) for r in want_rows)
            check(re.search(r"逾期未报送阶段材料的单位：%s。" % re.escape(listed), body_text),
                  "the units with a missing phase in the body differ")

    # ---- 排名 in the body
    body_tables = [it[1] for it in body_items if it[0] == "t"]
    rank_t = [table_rows(t) for t in body_tables if head_text(t, 0) == "名次"]
    check(len(rank_t) == (1 if ranked else 0), "%d ranking tables in the body" % len(rank_t))
    unit_rows = 0

    def shown(u):  # the rank the table shows, and what ties: a reviewed unit never with one that is not
        return (1, u["final"]["rank"]) if reviews and u.get("review") else (2, u["rank"])

    if ranked and reviews:
        check(head_text_rows(rank_t[0])[:6] == ["名次", "单位", "自评（%）", "考评（%）", "综合（%）", "等次"], "ranking columns %r" % rank_t[0][0])
    if ranked:
        rows = rank_t[0][1:]
        n = len(ranked)

        def row(u):
            if reviews:
                rv = u.get("review")
                self = ("0" if u["narrative"] else num(u["percent"])) if u["submitted"] else ("尚未报送" if pending else "未报送")
                if rv:
                    return [str(u["final"]["rank"]), u["name"], self, num(rv["percent"]), num(u["final"]["percent"]), u["final"]["grade"]]
                # SPEC 6.5: one sequence of ranks; a unit not reviewed has no number
                return ["—", u["name"], self, "未考评", "—", u["grade"]]
            return [str(u["rank"]), u["name"], num(u["score"]), num(u["percent"]), u["grade"]]

        def tie_names(i, k):  # SPEC §4: the names, at most 2·top, then 等N个单位
            names = "、".join(x["name"] for x in ranked[i:i + min(k, 2 * top)])
            return "%d个单位并列：%s%s" % (k, names, "等%d个单位" % k if k > 2 * top else "")

        def tie_row(i, k):
            u = ranked[i]
            if reviews:
                rv = u.get("review")
                return [row(u)[0], tie_names(i, k), "—", "—", num(u["final"]["percent"]) if rv else "—", row(u)[5]]
            return [str(u["rank"]), tie_names(i, k), "—", num(u["percent"]), u["grade"]]

        width = 6 if reviews else 5

        def rows_of(a, b):
            out, i = [], a
            while i < b:
                j = i + 1
                while j < b and shown(ranked[j]) == shown(ranked[i]):
                    j += 1
                if j - i > top:
                    out.append(tie_row(i, j - i))
                else:
                    out += [row(u) for u in ranked[i:j]]
                i = j
            return out

        if not cut:
            expect = [row(u) for u in ranked]
            ext = 0
        else:
            head = top
            while head < n and shown(ranked[head]) == shown(ranked[head - 1]):
                head += 1
            tail = n - top
            while tail > 0 and shown(ranked[tail - 1]) == shown(ranked[tail]):
                tail -= 1
            ext = (head - top) + (n - top - tail)
            if tail <= head:
                expect = rows_of(0, n)
            else:
                expect = rows_of(0, head) + [["……", "（中间%d个单位略）" % (tail - head)] + ["……"] * (width - 2)] + rows_of(tail, n)
        got = [r[:width] for r in rows]
        check(got == expect, "ranking rows differ:\n%r\nexpected\n%r" % (got[:40], expect[:40]))
        unit_rows = sum(1 for r in got if r[0] != "……")
        check(not cut or unit_rows <= 2 * top + ext, "%d ranking rows > 2·top + %d" % (unit_rows, ext))
        if cut:
            full = att_tables["排名表"][1:]
            check([r[:width] for r in full] == [row(u) for u in ranked], "排名表 differs from results.json")

    # ---- 分组情况
    groups = []
    for u in units:
        if u["group"] not in groups:
            groups.append(u["group"])
    grp_t = [table_rows(t) for t in body_tables if head_text(t, 0) == "分组" and head_text(t, 1) == "单位数"]
    has_groups = any(g for g in groups)
    check(len(grp_t) == (1 if has_groups else 0), "分组情况: %d tables" % len(grp_t))
    if has_groups:
        want_rows = []
        for g in groups:
            us = [u for u in units if u["group"] == g]
            sub = [u for u in us if u["submitted"]]
            avg = num(sum(u["percent"] for u in sub) / len(sub)) if sub else "—"
            want_rows.append([g or "（未分组）", str(len(us)), str(len(sub)), str(sum(1 for u in sub if not u["late"])),
                              str(sum(1 for u in sub if u["late"])), str(len(us) - len(sub)), avg,
                              str(sum(1 for u in us if u["lagging"]))])
        check(grp_t[0][1:] == want_rows, "分组情况 differs:\n%r\nexpected\n%r" % (grp_t[0][1:], want_rows))

    # ---- 滞后单位及问题清单
    def grade(u):  # SPEC 6.3: a reviewed unit lags on its final grade
        return (u.get("final") or {}).get("grade") if u.get("review") else u["grade"]

    def low(u):
        g = grade(u)
        return u["submitted"] and g in grades and below in grades and grades.index(g) > grades.index(below)

    def reason(u):
        # SPEC 9.3: a missing phase is a reason too, after the others
        miss = ["未报送" + p["name"] for p in u.get("phases", []) if p["status"] == "missing"]
        if not u["submitted"]:
            return "、".join(["未报送"] + miss)
        parts = (["逾期报送"] if u["late"] else []) + (["未按表格填报"] if u["narrative"] else [])
        return "、".join(parts + (["%s等次为%s" % ("综合" if u.get("review") else "", grade(u))] if low(u) else []) + miss)

    problem_tables = [t for t in body_tables if head_text(t, 0) == "序号" and head_text(t, 1) == "问题类型"]
    lag_t = [table_rows(t) for t in body_tables if head_text(t, 0) == "分组" and head_text(t, 1) == "滞后单位"]
    if lagging and apart:
        check(not problem_tables, "problem tables inline past inline_units")
        check(len(lag_t) == 1, "no counts by reason")

        def counts(name, us):
            lu = [u for u in us if u["lagging"]]
            return [name, str(len(lu)), str(sum(1 for u in lu if not u["submitted"])),
                    str(sum(1 for u in lu if u["submitted"] and u["late"])),
                    str(sum(1 for u in lu if u["submitted"] and u["narrative"])), str(sum(1 for u in lu if low(u)))]

        want_rows = [counts(g or "（未分组）", [u for u in units if u["group"] == g]) for g in groups] if has_groups else []
        want_rows = [r for r in want_rows if r[1] != "0"] + [counts("合计", units)]
        check(lag_t[0][1:] == want_rows, "lagging counts differ:\n%r\nexpected\n%r" % (lag_t[0][1:], want_rows))
        tasks = res["checklist"]
        want_rows = []
        for k, u in enumerate(lagging):
            weak = []
            if u["submitted"] and len(u["tasks"]) == len(tasks):
                ratio = [(t["score"] / c["max"] if c["max"] > 0 else 1.0) for t, c in zip(u["tasks"], tasks)]
                order = sorted(range(len(tasks)), key=lambda i: (ratio[i], i))
                weak = [tasks[i]["id"] for i in order[:3]]
            want_rows.append([str(k + 1), u["name"], u["group"], reason(u), str(len(u["problems"])), "、".join(weak)])
        got = att_tables["滞后单位问题汇总"][1:]
        check(got == want_rows, "滞后单位问题汇总 differs:\n%r\nexpected\n%r" % (got[:5], want_rows[:5]))
    else:
        check(len(problem_tables) <= inline, "%d problem tables > inline_units" % len(problem_tables))
        check(len(problem_tables) == sum(1 for u in lagging if u["submitted"]), "a lagging unit's table is missing")
        check(not lag_t, "counts by reason while inline")
    if not_sub:
        got = att_tables[not_sub_title][1:]
        check(got == [[str(k + 1), u["name"], u["group"]] for k, u in enumerate(not_sub)], "未报送单位名单 differs")
    if issues:
        got = att_tables["退回及校验问题"][1:]
        check([r[2] for r in got] == [n["file"] for n in issues], "退回及校验问题 files differ")
        check(not any(r[1].startswith("重复报送") for r in got), "a superseded file in 退回及校验问题")
        att_text = "\n".join(it[2] for it in att_items if it[0] == "p")
        if res["warnings"]:
            check("另有校验提示%d条" % len(res["warnings"]) in att_text, "退回及校验问题: no sentence counting the warnings")
        for w in res["warnings"]:
            if len(w.get("text") or "") >= 8:
                check(w["text"] not in att_text, "退回及校验问题 quotes a warning: %r" % w["text"])
    # ---- 考评验收情况 (SPEC 6.5)
    if reviews:
        sec = body_text.split("、考评验收情况", 1)[1]
        avg = lambda xs: num(sum(xs) / len(xs)) if xs else "0"
        selfp = [0 if (not u["submitted"] or u["narrative"]) else u["percent"] for u in reviewed]
        want_s = "评审组已实地考评%d个单位，尚未考评%d个。" % (len(reviewed), len(units) - len(reviewed))
        check(want_s in sec, "考评验收情况: no %r" % want_s)
        want_f = "平均得分率分别为%s%%、%s%%和%s%%" % (avg(selfp), avg([u["review"]["percent"] for u in reviewed]),
                                               avg([u["final"]["percent"] for u in reviewed]))
        check(want_f in sec, "考评验收情况: no %r" % want_f)
        want_rows = [[str(k + 1), u["name"], num(u["percent"]), num(u["review"]["percent"]), num(u["percent"] - u["review"]["percent"])]
                     for k, u in enumerate(overrated)]
        ov_t = [table_rows(t) for t in body_tables if head_text(t, 4) == "相差"]
        if not overrated:
            check(not ov_t and "未发现自评偏高的单位" in sec, "考评验收情况 without overrated units")
        elif len(overrated) <= inline:
            check(len(ov_t) == 1 and ov_t[0][1:] == want_rows, "overrated table %r, expected %r" % (ov_t, want_rows))
        else:
            check(not ov_t, "overrated table inline past inline_units")
            check(att_tables["自评偏高单位名单"][1:] == want_rows, "自评偏高单位名单 differs")
    # ---- 拟定候选名单 (SPEC 6.4, 6.5)
    if cands is not None:
        sec = body_text.split("、拟定候选名单", 1)[1]
        # SPEC §4: the notice is named as a document (另行印发), not as a file
        check("公示稿另行印发" in sec.split("\n附件：")[0] or not cands, "拟定候选名单 does not point to the notice")
        byname = {u["name"]: u for u in units}
        want_rows = [[str(k + 1), c["name"], num(c["percent"]), c["grade"]] for k, c in enumerate(cands)]
        c_t = [table_rows(t) for t in body_tables if head_text(t, 2).endswith("得分率（%）") and head_text(t, 0) == "序号"]
        if not cands:
            check(not c_t and "暂无符合条件的单位" in sec, "拟定候选名单 without candidates")
        elif len(cands) <= inline:
            check(len(c_t) == 1 and c_t[0][1:] == want_rows, "candidates %r, expected %r" % (c_t, want_rows))
            check(("候选单位%d个" % len(cands)) in sec, "the count of candidates")
        else:
            check(not c_t, "candidates inline past inline_units")
            check(att_tables["拟定候选名单"][1:] == want_rows, "拟定候选名单 differs")
        check(all(c["name"] in byname for c in cands), "a candidate not in units")
    print("ok: %d units, sections %s, 附件 %s, %d ranking rows (top %d), lagging %d (%s)" % (
        len(units), "/".join(titles), "/".join(want_att) or "-", unit_rows, top, len(lagging),
        "apart" if apart else "inline"))


if __name__ == "__main__":
    main()
