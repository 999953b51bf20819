#!/usr/bin/env bash
# Installs every Debian package huizong needs to build, test and benchmark.
# Idempotent: when everything is present it does nothing (no apt-get update).
set -euo pipefail

PKGS=(
  build-essential pkg-config
  libxml2-dev        # streaming XML (SAX2 push parser)
  libzip-dev         # zip containers of .xlsx/.docx
  zlib1g-dev         # raw inflate for the benchmark floor
  libxlsxwriter-dev  # 排名.xlsx, forms, bench inputs
  libutf8proc-dev    # NFKC
  libopencc-dev libopencc-data  # Traditional -> Simplified (t2s.json)
  libinih-dev        # campaign.ini
  libsqlite3-dev     # the nightly state and history (.huizong/state.sqlite)
  nettle-dev         # SHA-256 of legacy files, the key of their conversion cache (SPEC 10)
  libcmocka-dev      # unit tests
  python3 python3-openpyxl python3-docx  # conformance kit, fixtures, read-back tests
  time               # /usr/bin/time for peak RSS in make bench
  zip unzip          # an end-to-end case edits a template
  libicu-dev         # word boundaries for line breaks in titles and headings (ubrk)
  # LibreOffice: optional for the program (SPEC 10 converts .doc/.xls/.wps/.et
  # with it when present), required by the tests that convert legacy files and
  # that render the documents to PDF and read their pages back.
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
