#!/usr/bin/env python3
"""Compares what hz_form_read made of each submission (build/bench/form_read
CAMPAIGN --json) with what gencampaign.py meant to write (manifest.json).

    python3 tests/tools/form_check.py CAMPAIGN_DIR READ.jsonl [-v]

Prints one MISMATCH line per differing fact and a closing "N passed, M failed".
"""
import json
import sys


def main():
    camp, readpath = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv
    manifest = json.load(open(camp + "/manifest.json", encoding="utf-8"))
    got = {}
    for line in open(readpath, encoding="utf-8"):
        o = json.loads(line)
        got[o["path"]] = o
    passed = failed = 0

    def check(path, what, exp, val):
        nonlocal passed, failed
        if exp == val:
            passed += 1
        else:
            failed += 1
            print("MISMATCH %s %s expected=%r got=%r" % (path, what, exp, val))

    for e in manifest:
        p = e["path"]
        role = e.get("role")
        if role == "ignored":
            continue
        g = got.get(p)
        if g is None:
            check(p, "present", True, False)
            continue
        if role == "broken":
            check(p, "rejected", True, g["rc"] != 0)
            continue
        if g["rc"] != 0:
            check(p, "read", True, g.get("detail"))
            continue
        narr = role == "narr" or e.get("layout", {}).get("narrative")
        check(p, "kind", "narrative" if narr else "table", g["kind"])
        um, dm = e.get("unit_mode"), e.get("date_mode")
        lay = e.get("layout", {})
        if um in ("cell", "next", "alias"):
            check(p, "unit", norm_ns(e.get("unit_text")), norm_ns(g["unit"]))
        elif um == "filename":
            check(p, "unit", None, g["unit"])
        if dm in ("cell", "next", "serial"):
            check(p, "date", e["date"], g["date"])
        elif dm in ("core", "mtime"):
            check(p, "date", None, g["date"])
        if dm == "mtime":
            check(p, "mtime", e["mtime"], g["mtime"])
        if narr:
            continue
        rows = e.get("rows") or []
        has_ref = "ref" in (lay.get("cols") or {})
        want = [(r["ref_n"] if has_ref else "", norm_ns(r["title_n"]), r["status_n"], ns(r.get("self_d")), ns(r.get("count_d")))
                for r in rows]
        have = [(r["ref"], r["title_key"], r["status"], r["self"], r["count"]) for r in g["rows"]]
        hv = {(h[0], h[1]): h for h in have}
        for w in want:
            h = hv.get((w[0], w[1]))
            if h is None:
                check(p, "row %s/%s" % (w[0], w[1]), "present", [x[:2] for x in have] if verbose else "absent")
                continue
            check(p, "row %s status" % w[0], norm_ns(w[2]), h[2])
            if w[3] is not None:
                check(p, "row %s self" % w[0], w[3], h[3])
            if w[4] is not None:
                check(p, "row %s count" % w[0], w[4], h[4])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def ns(d):
    """A displayed value ({"s": text} or {"n": number}) as norm_key shows it."""
    if d is None:
        return None
    if "s" in d:
        return norm_ns(d["s"])
    v = d["n"]
    if float(v) == int(v):
        return str(int(v))
    return repr(float(v))


_gen = None


def norm_ns(s):
    global _gen
    if s is None:
        return None
    if _gen is None:
        import importlib.util
        import os
        spec = importlib.util.spec_from_file_location(
            "gencampaign", os.environ.get("GENCAMPAIGN", os.path.join(
                os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "conformance",
                "gencampaign.py")))  # ../shared beside the project root
        _gen = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_gen)
    return _gen.norm_ns(s)


if __name__ == "__main__":
    sys.exit(main())
