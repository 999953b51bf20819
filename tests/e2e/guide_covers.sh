#!/usr/bin/env bash
# The Chinese guide (docs/使用说明.md) has a section for every feature the
# README lists, and the man page's FILES names every input folder and
# output; the guide's worked example is the demo campaign (input/) that
# `make demo` runs, which holds each of those features.
source tests/e2e/_lib.sh
G="$HZ_ROOT/docs/使用说明.md"
M="$HZ_ROOT/docs/huizong.1"
[ -f "$G" ] && [ -f "$M" ] || fail "no guide or man page"
missing=()
for want in 'reviews/' 'rectifications/' '[final]' '[candidates]' '公示期' '[report]' 'forms 活动文件夹 -o 表格 --reviews' \
            '拟定名单公示.docx' '整改台账' '候选名单' '考评明细' '“进度”' '不要写 `as_of`' 'plan' 'self_weight' \
            'min_grade' 'inline_units' 'make demo' 'huizong history' 'rectify_by'; do
  grep -qF -- "$want" "$G" || missing+=("guide: $want")
done
# the guide's sections: one per feature
for head in '评审组实地考评' '拟定推荐名单与公示' '整改（rectifications/）' '每晚自动运行' '示例：一次完整的活动'; do
  grep -q "^## .*$head" "$G" || missing+=("guide section: $head")
done
man_text=$(LANG=C.UTF-8 MANWIDTH=200 man -l "$M" 2>/dev/null || cat "$M")
for want in 'reviews/' 'rectifications/' '拟定名单公示' '整改台账' '候选名单' '考评明细' 'publicity' 'as_of'; do
  grep -qF -- "$want" <<<"$man_text" || missing+=("man page: $want")
done
# the worked example holds what the guide walks through
for f in input/reviews input/rectifications; do [ -d "$HZ_ROOT/$f" ] || missing+=("demo: $f"); done
for k in '^\[final\]' '^\[candidates\]' '^publicity' '^plan'; do
  grep -q "$k" "$HZ_ROOT/input/campaign.ini" || missing+=("demo campaign.ini: $k")
done
[ ${#missing[@]} -eq 0 ] || { printf '%s\n' "${missing[@]}"; fail "${#missing[@]} missing"; }
echo "ok: the guide, the man page and the demo cover every feature"
