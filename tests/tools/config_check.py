#!/usr/bin/env python3
"""Compares the roster and checklist as read (build/bench/form_read CAMPAIGN
--config) with truth.json.   python3 tests/tools/config_check.py CAMPAIGN CONFIG.json"""
import json
import sys

camp, cfgpath = sys.argv[1], sys.argv[2]
truth = json.load(open(camp + "/truth.json", encoding="utf-8"))
cfg = json.load(open(cfgpath, encoding="utf-8"))
bad = 0
ok = 0


def check(what, exp, got):
    global bad, ok
    if exp == got:
        ok += 1
    else:
        bad += 1
        print("MISMATCH %s expected=%r got=%r" % (what, exp, got))


_gen = None


def norm_ns(s):
    global _gen
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


if isinstance(cfg["checklist"], str):
    check("checklist", "read", cfg["checklist"])
else:
    check("ntasks", len(truth["checklist"]), len(cfg["checklist"]))
    for t, g in zip(truth["checklist"], cfg["checklist"]):
        check("task %s id" % t["id"], t["id"], g["id"])
        check("task %s max" % t["id"], True, abs(t["max"] - g["max"]) < 1e-3)
        check("task %s min" % t["id"], t.get("min_count") or 0, g["min_count"])
        check("task %s category" % t["id"], t["category"], g["category"])
        check("task %s keywords" % t["id"], [norm_ns(k) for k in t.get("keywords") or []], g["keywords"])
if isinstance(cfg["units"], str):
    check("units", "read", cfg["units"])
else:
    check("nunits", len(truth["units"]), len(cfg["units"]))
    for u, g in zip(truth["units"], cfg["units"]):
        check("unit name", u["name"], g["name"])
        check("unit %s group" % u["name"], u.get("group", ""), g["group"])
print("%d passed, %d failed" % (ok, bad))
sys.exit(1 if bad else 0)
