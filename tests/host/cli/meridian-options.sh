#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# meridian-options.sh MERIDIAN: every ./meridian command refuses a bad or
# incomplete command line with status 2 and a message that names the
# option, before it builds, installs or boots anything.  (Before, some of
# these ended with a bare bash error and status 1, or were ignored.)
set -uo pipefail

meridian=$1
fail=0
# refuses MESSAGE ARGS...: ./meridian ARGS exits 2 and says MESSAGE.
refuses() {
	local want=$1 out status
	shift
	out=$("$meridian" "$@" </dev/null 2>&1)
	status=$?
	if [ $status -ne 2 ] || ! grep -qF -- "$want" <<<"$out"; then
		echo "meridian-options: FAIL: '$*' gave status $status and: $out"
		fail=1
	fi
}

refuses "option '--machine' needs a value" image --machine
refuses "option '--out' needs a value" image --no-build --out
refuses "option '--json' needs a value" bench --json
refuses "option '--split' needs a value" build --split
refuses "unknown option '--frobnicate'" build --frobnicate
refuses "test takes no options" test --frobnicate
refuses "option '--out' needs a value" plot --out
refuses "option '--port' needs a value" debug --port
refuses "option '--batch' needs a value" debug --no-build --batch
refuses "option '--append' needs a value" run --no-build --append
refuses "--timeout takes a whole number of seconds, not 'abc'" run --no-build --timeout abc
refuses "--timeout takes a whole number of seconds, not '0'" run --no-build --timeout 0
refuses "--exec commands cannot contain double quotes" run --no-build --exec 'echo "x"'
refuses "--split must be 3G, 2G or 1G, not '4G'" run --no-build --split 4G

[ $fail -eq 0 ] && echo "meridian-options: PASS"
exit $fail
