#!/usr/bin/env bash
# Checks a built program as a new office PC would use it, headless and away from the checkout: the window's
# self-test, a computation, a worksheet printed to PDF, a batch template, a 1,000-row batch (its worker processes),
# and the ledger (a new SQLite file made by the bundled Alembic migrations, a claim stored, the same claim refused,
# the list). With SUBSIDY_DESK_BUNDLE_PG set to the URL of an EMPTY PostgreSQL database, the ledger once more there,
# through the bundled psycopg binary.
# Stops at the first failed check with exit 1, showing that command's output. CI runs it (.ci/run).
#
#     bundle/check.sh [dist/subsidy-desk/subsidy-desk]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PROGRAM="$(realpath "${1:-$ROOT/dist/subsidy-desk/subsidy-desk}")"
CASES="$ROOT/docs/cases"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"  # nothing of the checkout within reach: the program must carry everything it needs
unset PYTHONPATH PYTHONHOME DISPLAY WAYLAND_DISPLAY
export QT_QPA_PLATFORM=offscreen SUBSIDY_DESK_DATA_DIR="$WORK/data"

# check NAME EXIT PATTERN COMMAND...: the command must exit with EXIT and print PATTERN (grep -E) on stdout or stderr.
check() {
    local name=$1 want=$2 pattern=$3 got=0
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    if [ "$got" != "$want" ] || ! grep -qE -- "$pattern" "$WORK/out" "$WORK/err"; then
        echo "bundle check FAILED: $name: exit $got (expected $want), looked for /$pattern/ in:"
        echo "--- stdout"; head -c 4000 "$WORK/out"; echo; echo "--- stderr"; head -c 4000 "$WORK/err"; echo
        exit 1
    fi
    echo "bundle check ok: $name"
}

# has NAME FILE MAGIC: FILE exists and starts with MAGIC (a PDF that is a PDF, a workbook that is a zip).
has() {
    if [ "$(head -c ${#3} "$2" 2>/dev/null)" != "$3" ]; then
        echo "bundle check FAILED: $1: $2 missing or not starting with $3"
        exit 1
    fi
    echo "bundle check ok: $1"
}

# ledger NAME URL REVIEWER [CLERK]: a new ledger at URL (or the default SQLite file) set up as an office starts one:
# its first grant names a 审核 (a first 经办 is refused). With CLERK (one PC, names chosen in the program) the
# reviewer grants CLERK 经办, who stores one claim; the same claim is refused naming the earlier number; the list
# shows it. On PostgreSQL the user is the one database login, which cannot grant itself a second role: there the
# check ends at the reviewer's grant and the list of users, read through the bundled driver.
ledger() {
    local db=()
    if [ -n "$2" ]; then db=(--db "$2"); fi
    check "$1: a first 经办 refused" 2 '第一个角色必须是' "$PROGRAM" ledger grant "$3" 经办 --user "$3" "${db[@]}"
    check "$1: first grant" 0 "$3：审核" "$PROGRAM" ledger grant "$3" 审核 --user "$3" "${db[@]}"
    check "$1: users" 0 "$3" "$PROGRAM" ledger users --user "$3" "${db[@]}"
    if [ -n "${4:-}" ]; then
        check "$1: grant 经办" 0 "$4：经办" "$PROGRAM" ledger grant "$4" 经办 --user "$3" "${db[@]}"
        check "$1: add" 0 '^1$' "$PROGRAM" ledger add "$CASES/guarantee_fee.json" --user "$4" "${db[@]}"
        check "$1: same claim refused" 2 '第 1 号' "$PROGRAM" ledger add "$CASES/guarantee_fee.json" --user "$4" "${db[@]}"
        check "$1: list" 0 "^1[[:space:]]+担保费补贴.*已计算[[:space:]]+2,465.75[[:space:]]+$4" "$PROGRAM" ledger list --user "$4" "${db[@]}"
    fi
}

check "version" 0 '^subsidy-desk [0-9]' "$PROGRAM" --version
check "self-test (offscreen)" 0 '自检通过' "$PROGRAM" --self-test
has "user guide (F1) shipped" "$(dirname "$PROGRAM")/_internal/resources/help/guide.html" "<!DOCTYPE html>"
check "compute" 0 '"total": "28366.67"' "$PROGRAM" compute "$CASES/startup_loan.json"
check "worksheet and PDF" 0 'x\.pdf' "$PROGRAM" worksheet "$CASES/six_taxes.json" -o "$WORK/x.xlsx" --pdf "$WORK/x.pdf"
has "worksheet is a workbook" "$WORK/x.xlsx" PK
has "PDF is a PDF" "$WORK/x.pdf" %PDF
check "batch template" 0 't\.xlsx' "$PROGRAM" template startup_loan -o "$WORK/t.xlsx"
has "template is a workbook" "$WORK/t.xlsx" PK
# A list of 1,000 rows or more is read and computed, and its worksheets written, by worker processes
# (batch/pool.py): in the built program each worker is this executable started again (bundle/launch.py), which
# only a long list shows. The list is made by the checkout's Python (the bench's worst rows), the work by the bundle.
"$ROOT/.venv/bin/python" -c "import sys; from pathlib import Path; sys.path.insert(0, '$ROOT/bench')
from bench_import import worst, write_list; write_list(Path('$WORK/list.xlsx'), worst(1000))"
check "1,000-row batch in worker processes" 0 '已计算 1000 件' timeout 900 "$PROGRAM" batch "$WORK/list.xlsx" \
    -o "$WORK/results.xlsx" --worksheets "$WORK/sheets"
has "batch results are a workbook" "$WORK/results.xlsx" PK
if [ "$(find "$WORK/sheets" -name '*.xlsx' | wc -l)" != 1000 ]; then
    echo "bundle check FAILED: 1,000 worksheets written by worker processes: found $(find "$WORK/sheets" -name '*.xlsx' | wc -l)"
    exit 1
fi
echo "bundle check ok: 1,000 worksheets written by worker processes"
ledger "ledger on SQLite" "" 李审核 张三
has "SQLite ledger created" "$SUBSIDY_DESK_DATA_DIR/ledger.sqlite3" "SQLite format 3"
if [ -n "${SUBSIDY_DESK_BUNDLE_PG:-}" ]; then
    # On PostgreSQL the user is the database login; PSYCOPG_IMPL=binary fails unless psycopg_binary was bundled.
    login="$(sed -E 's#^[^:]+://([^:@/]+).*#\1#' <<<"$SUBSIDY_DESK_BUNDLE_PG")"
    PSYCOPG_IMPL=binary ledger "ledger on PostgreSQL" "$SUBSIDY_DESK_BUNDLE_PG" "$login"
fi
echo "bundle checks passed: $PROGRAM"
