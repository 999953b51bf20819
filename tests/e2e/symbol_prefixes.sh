#!/usr/bin/env bash
# Every external symbol of libhuizong.a carries its module's prefix (as
# SQLite names every internal symbol by its module): a module here is one
# object file, and the table below gives the prefixes its exported names
# may start with.  An object missing from the table fails too, so a new
# module says its prefix when it is added.  Needs nm (binutils).
. "$(dirname "$0")/_lib.sh"
lib="$HZ_ROOT/${BUILD:-build}/libhuizong.a"
[ -f "$lib" ] || fail "no $lib (make first)"
command -v nm >/dev/null || fail "needs nm (binutils)"
table=$(cat <<'TABLE'
accounting: hz_account_
candidates: hz_judge_candidates
chart: ooxml_chart_
cli: cli_
cli_dump: cmd_dump
cli_dump_docx: cli_dump_
cli_forms: cmd_forms
cli_history: cmd_history
cli_run: cmd_run
commit: hz_output_
content_types: ooxml_content_types_
convert: hz_convert_
convert_files: convert_files_
digest: hz_digest_
core: ooxml_core_
doc_template: doc_template_
docdata: docdata_
docx_reader: docx_document_
docx_wml: docx_wml_
drawing: ooxml_chart_
dynbuf: dynbuf_
encoding: hz_gb18030_
feedback: hz_feedback_ hz_letters_
form: form_ hz_form_
form_checklist: hz_checklist_
form_grid: form_grid_
form_header: form_
form_open: form_open_
form_roster: hz_roster_
form_sheet: form_sheet_
forms: hz_forms_
hz_open: hz_open_ hz_fopen_ hz_file_kind hz_path_join
hzerr: hz_error_ hz_strerror
json_string: hz_json_
judge: hz_judge hz_rank_entry_ hz_status_fraction hz_version_
judge_match: hz_match_ hz_matcher_
listing: hz_campaign_
lock: hz_run_lock_
model: hz_results_ hz_settings_ hz_task_ hz_unit_ hz_review_ hz_rectification_ hz_file_notes_ hz_before_deadline
names: hz_name_ hz_names_
norm: norm_ normalizer_
notice: hz_notice_
outfile: hz_sync_ hz_tmp_
outputs: hz_outputs_ hz_output_ hz_campaign_
phase_doc: hz_phase_doc_
phase_memo: hz_phase_memo_
phases: hz_judge_phases
pkg: pkg_
pkg_rels: pkg_rel pkg_core_
pkg_xml: pkg_xml_ pkg_parse_xml
pool: hz_pool_ hz_shared_strings_
previous: hz_previous_
rankings: hz_rankings_
rankings_frame: rk_frame_
rankings_phases: rk_phases_
rankings_progress: rk_progress_
rankings_rectify: rk_rectify_
rankings_review: rk_review_
read_ahead: hz_read_ahead_
read_cache: hz_read_cache_
rectify: hz_rectify_
rectify_docs: rectify_
rels: ooxml_rels_
report: hz_report_
report_chart: report_chart_
report_items: report_
report_package: report_pkg_
report_phases: report_phase
report_progress: report_progress_
report_review: report_review_ report_chart_review_
report_views: report_views_
results_json: hz_results_json_
results_phases: hz_results_put_
review: hz_judge_reviews
review_form: hz_review_file_ hz_review_keys_
review_forms: hz_review_forms_
review_labels: rv_
review_table: rv_
rounds: hz_rounds hz_nrounds
run: hz_campaign_run
safe_name: safe_name_
soffice: hz_soffice_
settings: hz_settings_load
settings_ini: hz_ini_text_
settings_names: hz_ini_
settings_phases: hz_phase_ hz_phases_
state: hz_state_
state_phases: hz_state_
template: ooxml_template_
title_balance: title_balance
tmpl: tmpl_part_
tmpl_doc: tmpl_doc_
tree_removal: hz_tree_remov
unit_items: unit_items_
unreadable: hz_judge_unreadable
utf8: hz_utf8_
vocab: hz_bigrams_ hz_dice hz_parse_ hz_epoch_to_date hz_serial_to_date hz_round hz_status_name
wordbreak: wordbreak_
xlsx_dates: xlsx_date_
xlsx_reader: xlsx_workbook_ xlsx_decode_escapes
xlsx_sheet: xlsx_cell_ref xlsx_sheet_
xlsx_styles: xlsx_styles_
xlsx_write: xw_
xml: ooxml_xml_
zip: ooxml_zip_
TABLE
)
bad=0; n=0
while read -r obj sym; do
  # ASan's one-definition-rule markers of exported globals (make asan)
  # are the sanitizer's names, not the module's
  case $sym in __odr_asan.*) continue ;; esac
  n=$((n + 1))
  prefixes=$(printf '%s\n' "$table" | awk -v o="$obj" '$1 == o":" { $1 = ""; print }')
  if [ -z "$prefixes" ]; then echo "$obj.o exports $sym but has no row in the table"; bad=$((bad + 1)); continue; fi
  ok=0
  for p in $prefixes; do case $sym in "$p"*) ok=1; break ;; esac; done
  [ $ok = 1 ] || { echo "$obj.o exports $sym: not one of its prefixes ($prefixes )"; bad=$((bad + 1)); }
done < <(nm -g --defined-only "$lib" | awk '/\.o:$/ { o = $1; sub(/\.o:$/, "", o); next } NF == 3 { print o, $3 }')
[ "$n" -gt 0 ] || fail "nm listed no symbols in $lib"
[ $bad = 0 ] || fail "$bad of $n external symbols outside their module's prefix"
echo "$n external symbols, each with its module's prefix"
