#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# boot-test.sh [--status N] [--expect REGEX]... [--reject REGEX]... -- COMMAND...
#
# Runs COMMAND (a ./meridian run line), shows its output, and passes only
# if it exits with status N (default 0), every --expect regex (extended,
# grep -E) matches a line, and no --reject regex does.
set -uo pipefail

want_status=0
expect=()
reject=()
while [ $# -gt 0 ]; do
	case $1 in
	--status) want_status=$2; shift 2 ;;
	--expect) expect+=("$2"); shift 2 ;;
	--reject) reject+=("$2"); shift 2 ;;
	--) shift; break ;;
	*) echo "boot-test: unknown option $1" >&2; exit 2 ;;
	esac
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" </dev/null >"$log" 2>&1
status=$?
cat "$log"

fail=0
if [ "$status" -ne "$want_status" ]; then
	echo "boot-test: FAIL: exit status $status, expected $want_status"
	fail=1
fi
for re in "${expect[@]}"; do
	if ! grep -Eq -- "$re" "$log"; then
		echo "boot-test: FAIL: no line matches: $re"
		fail=1
	fi
done
for re in "${reject[@]}"; do
	if grep -Eq -- "$re" "$log"; then
		echo "boot-test: FAIL: unexpected line matching: $re"
		grep -E -- "$re" "$log" | head -5
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "boot-test: PASS"
exit $fail
