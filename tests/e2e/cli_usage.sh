# The command line: help, version, and exit 64 with a message on stderr.
. "$(dirname "$0")/_lib.sh"
expect_exit 0 "$HZ_BIN" --help;          grep -q 'usage: huizong' "$T/out" || fail "--help"
expect_exit 0 "$HZ_BIN" --version;       grep -q '^huizong [0-9]' "$T/out" || fail "--version"
expect_exit 0 "$HZ_BIN" help dump;       grep -q 'huizong dump FILE' "$T/out" || fail "help dump"
expect_exit 64 "$HZ_BIN";                grep -q 'usage' "$T/err" || fail "no args"
expect_exit 64 "$HZ_BIN" frobnicate;     grep -q "unknown command 'frobnicate'" "$T/err" || fail "unknown command"
expect_exit 64 "$HZ_BIN" run --bogus;    grep -q "unknown option '--bogus'" "$T/err" || fail "unknown option"
expect_exit 64 "$HZ_BIN" run -j zero;    grep -q -- "-j needs a number" "$T/err" || fail "bad -j"
expect_exit 64 "$HZ_BIN" dump;           grep -q 'wrong number of arguments' "$T/err" || fail "dump without file"
expect_exit 64 "$HZ_BIN" dump -j 2 x;    grep -q "does not apply" "$T/err" || fail "-j on dump"
[ ! -s "$T/out" ] || fail "usage errors print nothing on stdout"
exit 0
