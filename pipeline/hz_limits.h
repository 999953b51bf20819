/*
 * Every cap huizong applies, in one place, each with its reason.
 * (Named hz_limits.h, not limits.h, so it never shadows the C library's
 * <limits.h> on the -Ipipeline include path.)
 *
 * Inputs are untrusted: a unit may send a zip bomb, a billion-laughs XML part
 * or a sheet claiming a million columns.  Each cap turns such a file into a
 * clean refusal (HZ_E_LIMIT with the file, part and position) instead of a
 * crash, a hang or a machine out of memory.
 */
#ifndef HZ_LIMITS_H
#define HZ_LIMITS_H

/* SPEC §2: a file over 50 MiB is refused.  Real forms are under 1 MiB. */
#define HZ_MAX_FILE_BYTES          (50u * 1024 * 1024)

/* SPEC §10: legacy files handed to one LibreOffice process.  Its start
 * costs seconds, so many go together; a bound keeps its command line far
 * below ARG_MAX and what one hanging file costs the files after it. */
#define HZ_MAX_CONVERT_BATCH       200

/* SPEC §2: a part inflating beyond 256 MiB is refused.  The largest real
 * sheet in the external corpus inflates to a few MiB. */
#define HZ_MAX_PART_BYTES          (256ull * 1024 * 1024)

/* All parts of one package together.  A zip bomb spreads across members. */
#define HZ_MAX_PACKAGE_BYTES       (512ull * 1024 * 1024)

/* Deflate tops out near 1032:1; a higher claimed or observed ratio is a
 * crafted bomb.  Checked once a member has inflated past the slack below, so
 * tiny highly-repetitive parts (empty sheets) are not refused. */
#define HZ_MAX_INFLATE_RATIO       1100u
#define HZ_RATIO_SLACK_BYTES       (1024u * 1024)

/* Members in one zip.  Office files hold tens; a million-entry central
 * directory is an attack on memory. */
#define HZ_MAX_ZIP_MEMBERS         20000

/* Bytes read from the zip per chunk fed to the SAX push parser. */
#define HZ_XML_CHUNK_BYTES         (64u * 1024)

/* Element nesting.  Real documents nest < 40 deep (tables in tables in
 * content controls); a million nested elements is refused at this depth. */
#define HZ_MAX_XML_DEPTH           256

/* One text node / attribute / cell value.  A cell holds at most 32,767
 * characters in Excel; 1 MiB leaves room for docx paragraphs. */
#define HZ_MAX_TEXT_BYTES          (1u * 1024 * 1024)

/* Shared strings table: count and total bytes (a bomb can declare
 * millions of tiny strings).  The table is held while the sheets are read,
 * by every reader thread at once: a run's peak is at most 64 MB plus 32 MB
 * per reader (issue 20.4), so 16 MB of text and 1 M strings (8 MB of
 * offsets) — a real form's table is a few thousand strings. */
#define HZ_MAX_SHARED_STRINGS      (1u * 1024 * 1024)
#define HZ_MAX_SST_BYTES           (16u * 1024 * 1024)

/* Excel's own grid: 1,048,576 rows x 16,384 columns (XFD).  A cell ref
 * beyond it is refused, and the `dimension` tag is never trusted. */
#define HZ_MAX_ROWS                1048576u
#define HZ_MAX_COLS                16384u

/* Sheets in one workbook (Excel allows as many as memory permits; real
 * forms have < 20). */
#define HZ_MAX_SHEETS              1024

/* Cells kept for one row: a row may be sparse up to XFD, but only cells
 * that are present are stored. */
#define HZ_MAX_CELLS_PER_ROW       HZ_MAX_COLS

/* Merged ranges per sheet. */
#define HZ_MAX_MERGES              100000

/* DOCX body: blocks and table cells kept in memory (a body is not a sheet,
 * it is read whole, but bounded). */
#define HZ_MAX_DOCX_BLOCKS         200000
/* The text is held twice at its peak (paragraphs, then the form's
 * copy), per reader thread: 10 MB, a little over what a form keeps
 * anyway (HZ_MAX_FORM_TEXT_BYTES, which then says why), keeps a reader
 * under 32 MB (issue 20.4). */
#define HZ_MAX_DOCX_BODY_BYTES     (10u * 1024 * 1024)

/* docx_reader: rows, cells and stored paragraph copies of one body, all
 * together.  A cell keeps its nested tables' paragraphs too (the oracle's
 * cell text), so a table nested k deep stores its text k times: the count
 * and HZ_MAX_DOCX_BODY_BYTES (which counts every stored copy) bound that.
 * Real reports hold a few thousand. */
#define HZ_MAX_DOCX_ITEMS          1000000

/* A campaign: rows of one submission form that are looked at, tasks in a
 * checklist, units in a roster, files under submissions/. */
#define HZ_MAX_FORM_ROWS           10000
#define HZ_MAX_TASKS               2000
#define HZ_MAX_UNITS               100000
#define HZ_MAX_SUBMISSION_FILES    500000

/* SPEC §1: the header row is searched within the first 15 rows. */
#define HZ_HEADER_SEARCH_ROWS      15

/* Feedback letter file names: bytes of the unit-name part (UTF-8),
 * well under NAME_MAX (255) once "反馈/" and ".docx" are added. */
#define HZ_MAX_FILENAME_BYTES      180

/* --- results_json (results_json.c) --- */

/* The previous run's results.json is read whole to compare
 * with; 100,000 units make about 100 MiB, so 512 MiB is far beyond any real
 * one (a bigger file is ignored, not an error). */
#define HZ_MAX_PREVIOUS_JSON_BYTES (512ul * 1024 * 1024)
/* Nesting in that file: results.json nests 4 deep; deeper is not ours. */
#define HZ_MAX_PREVIOUS_JSON_DEPTH 64

/* --- settings (settings.c) --- */

/* campaign.ini: a few dozen lines; anything over 1 MiB is not a settings
 * file (and inih's line buffer grows up to this size). */
#define HZ_MAX_INI_BYTES           (1u * 1024 * 1024)

/* Grades in [grades]: a scale has a handful.  Each is checked against the
 * others and sorted by insertion, so 100,000 of them in a 1 MiB file took
 * 22 s (found while fuzzing). */
#define HZ_MAX_GRADES              64

/* --- report and feedback documents (tmpl.c, report.c, feedback.c) --- */

/* Loops and conditions nested in one template.  A report needs 3; a
 * template nesting deeper than this is a mistake, refused at compile time. */
#define HZ_TMPL_MAX_NEST           32

/* One rendered part (word/document.xml of the report).  Kept in memory
 * before zipping; 20,000 units, all lagging with ten problems each, make
 * some 200 MiB.  Beyond this a report cannot be opened by Word anyway. */
#define HZ_MAX_DOC_OUTPUT_BYTES    (1024ull * 1024 * 1024)

/* --- campaign (campaign/listing.c, campaign/pool.c) --- */

/* Folder nesting under submissions/ that is walked.
 * Real campaigns nest a few levels (one folder per group or per batch);
 * the cap stops a pathological tree from exhausting the stack or fds. */
#define HZ_MAX_DIR_DEPTH           64

/* ---- pkg and xlsx_reader ---- */

/* Relationships in one .rels part: a real part has tens; each names a
 * member, so twice the member cap is generous. */
#define HZ_MAX_RELS                (2 * HZ_MAX_ZIP_MEMBERS)

/* Attribute text of one element after "&#38;" decoding (libxml2 caps a
 * single attribute value at 10 MB itself). */
#define HZ_MAX_ATTR_BYTES          (4u * HZ_MAX_TEXT_BYTES)

/* Number formats and cell formats in styles.xml: Excel allows about 250
 * custom number formats and 64,000 cell formats per workbook.  Each cell
 * format looks its number format up among all of them, so formats x cells
 * is the work: 65,536 x 65,536 took 2 s (minutes under valgrind). */
#define HZ_MAX_NUMFMTS             4096
#define HZ_MAX_CELL_XFS            65536

/* Cells parsed but not yet handed out by the sheet reader: one 64 KiB
 * chunk of XML holds a few thousand cells and a row may span chunks, so
 * a full row plus a few chunks' worth.  Duplicated cell references beyond
 * it are refused.  Their text (numbers as written, inline strings) is
 * bounded alike. */
#define HZ_MAX_PENDING_CELLS       (HZ_MAX_CELLS_PER_ROW * 4u + 65536u)
#define HZ_MAX_PENDING_TEXT        ((size_t)HZ_MAX_PENDING_CELLS * 64 + 2u * HZ_MAX_TEXT_BYTES)

/* --- rankings workbook (rankings.c) --- */

/* Units drawn in the percent chart of 排名.xlsx: the first ones by rank.
 * A bar per unit stays readable up to about a hundred; the chart of a
 * 5,000-unit campaign would be 100,000 pixels tall (the table has them all). */
#define HZ_RANKINGS_CHART_UNITS    100

/* --- form_grid (form_grid.c) --- */

/* Cells kept by a roster or checklist grid, all rows together.  Rows are
 * capped (HZ_MAX_UNITS) but each may hold 16,384 cells: a 500 KB
 * units.xlsx of 1,000 full rows took 1.2 GB.  100,000 units with ten
 * columns each fit; about 80 MB at most. */
#define HZ_MAX_GRID_CELLS          1000000u

/* Their text, as written: each cell is copied and the names, titles and
 * aliases normalised and matched.  A 1.2 MB units.xlsx of 200 names of
 * 900 KB took 95 s and 540 MB.  100,000 units of 160 bytes fit. */
#define HZ_MAX_GRID_BYTES          (16u * 1024 * 1024)

/* --- submissions (form.c) --- */

/* Text one submission keeps: its rows' ref, title, status, score, count and
 * problems cells, or a narrative's paragraphs, as written.  Each is
 * normalised, stored and matched against every task: a 1.2 MB .xlsx of
 * 200 rows with 900 KB titles took 60 s and 900 MB end to end.  A real
 * form keeps tens of KB, a long report a few hundred. */
#define HZ_MAX_FORM_TEXT_BYTES     (8u * 1024 * 1024)

/* --- title balancing (tmpl.c) --- */

/* Characters of a Title paragraph that are measured and balanced: a few
 * lines of title hold about a hundred; a longer one (a field filled with a
 * page of text) is left as it is, so the work per paragraph stays small. */
#define HZ_TITLE_MAX_CHARS         400u

/* [phases] (SPEC 9.1): at most this many phases — a campaign has a
 * handful and a 13th key exits 2; the report's table of phases and the
 * sheet 阶段报送 (two columns a phase) stay one page wide. */
#define HZ_MAX_PHASES              12

/* --- the previous results.json (campaign/outputs.c) --- */

/* Read beside the judge, on the idle core, only up to this size: the reader
 * holds the whole file, and beside the judge it would add to the run's peak
 * (the forms are still held then: 82 MB of results.json at 20,000 units with
 * every round took the peak from 229 to 268 MB).  A larger one is read when
 * the writing starts, as before.  2,000 units write about 8 MB. */
#define HZ_MAX_PREVIOUS_BESIDE_BYTES (16u * 1024 * 1024)

/* --- the read cache (state/read_cache.c) --- */

/* One value: what a reader found in one document (a phase document's is a
 * few hundred bytes: two names and a date); a larger row is not one
 * huizong wrote, and is not loaded. */
#define HZ_MAX_READ_CACHE_VALUE    (64u * 1024)

/* Entries loaded: one per document a campaign holds, and a campaign holds
 * fewer than HZ_MAX_SUBMISSION_FILES; rows past it are dropped, so a
 * foreign file cannot make the run hold it whole. */
#define HZ_MAX_READ_CACHE_ENTRIES  HZ_MAX_SUBMISSION_FILES

/* --- the reading pool's read-ahead (campaign/read_ahead.c) --- */

/* Files asked of the kernel ahead of the last one a worker took: enough
 * to keep the device busy while two workers parse (a form is 10–60 KB, so
 * a few MB in flight at most), few enough that a file is still in the
 * page cache when its worker comes to it. */
#define HZ_READ_AHEAD_FILES        64u

/* --- removing a folder of ours (write/tree_removal.c) --- */

/* A folder's unlinks are shared by up to this many threads, each with at
 * least HZ_TREE_REMOVE_PER_THREAD files.  On a disk an unlink mostly waits
 * for the device to free (discard) the blocks, so threads that wait side by
 * side are the gain: 5,000 letters of 30 KB on this project's ext4 (no
 * journal, -o discard) took 0.85 s on one thread, 0.61 on two, 0.41 on four,
 * 0.31 on eight, for the same 0.26–0.30 s of CPU; on tmpfs 0.08 s on one and
 * 0.05 on two to eight.  Below the share a thread costs more than it saves. */
#define HZ_TREE_REMOVE_THREADS     8
#define HZ_TREE_REMOVE_PER_THREAD  128u

/* The names of one folder's files held to sort them by inode: 50,000
 * letters take about 3 MB.  Past it the rest go by the plain walk. */
#define HZ_TREE_REMOVE_MAX_NAMES   (64u * 1024 * 1024)

#endif
