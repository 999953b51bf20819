#!/usr/bin/env python3
"""Prints strings as gencampaign.py dresses them (Traditional, pinyin,
Kangxi radicals, full width, odd white space) with the conformance truth's
own normalisation, for test_norm.c to compare against norm_text/norm_key.

usage: norm_truth.py SHARED_DIR [SEED]
Each line: hex(raw) TAB hex(norm(raw)) TAB hex(norm_ns(raw)) (UTF-8 bytes).
"""
import importlib.util
import random
import sys

shared = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
spec = importlib.util.spec_from_file_location("gencampaign", shared + "/conformance/gencampaign.py")
gc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gc)

texts = set()
for p in gc.PRESETS.values():
    for key in ("title", "issuer", "short_issuer", "plan"):
        if isinstance(p.get(key), str):
            texts.add(p[key])
    for cat, tasks in p.get("cats", []):
        texts.add(cat)
        for t in tasks:
            for x in t:
                if isinstance(x, str) and x:
                    texts.add(x)
                elif isinstance(x, list):
                    texts.update(k for k in x if isinstance(k, str))
for words in gc.STATUS_WORDS.values():
    texts.update(words)
for role, (canon, aliases) in list(gc.HEAD.items()) + list(gc.CL_HEAD.items()):
    texts.add(canon)
    texts.update(aliases)
texts.update(["1", "1.2", "12", "8.5", "2022-10-28", "2022年10月28日", "两次", "十二"])

rng = random.Random(seed)
flags = dict(dressy=True, fullwidth=True, traditional=True, kangxi=True, pinyin=True, spaces=True)
out = []
for s in sorted(texts):
    for i in range(6):
        raw = gc.dress(rng, s, flags, internal_ws=(i % 2 == 0))
        out.append((raw, gc.norm(raw), gc.norm_ns(raw)))
for raw, n, ns in out:
    print("%s\t%s\t%s" % (raw.encode().hex(), n.encode().hex(), ns.encode().hex()))
