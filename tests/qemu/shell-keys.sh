#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shell-keys.sh MERIDIAN: types at the interactive shell through QEMU's
# serial port, as a terminal would (escape sequences for the arrows), and
# checks what the commands printed:
#   "ayout" + Home + "l"      runs layout            (Home, insert mid-line)
#   "kmapinf" + Tab           runs kmapinfo          (completion)
#   "uptimeX" + Left + Delete runs uptime            (Left, Delete)
#   Esc "uptimeX" Esc Left Delete  runs uptime again (a lone Escape eats no key)
#   Up Up Up                  runs layout again      (history)
#   Up, ^U, "bootargs"        a recalled line killed and replaced
# QEMU holds input until the UART takes it, so typing ahead of the boot is safe.
set -uo pipefail

meridian=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf 'ayout\033[Hl\rkmapinf\t\ruptimeX\033[D\033[3~\r\033uptimeX\033\033[D\033[3~\r\033[A\033[A\033[A\r\033[A\025bootargs\rpoweroff\r' |
	"$meridian" run --no-build --mem 512M --timeout 60 --append "keytest" >"$log" 2>&1
status=$?
tr -d '\r' <"$log"

fail=0
check() {	# check DESCRIPTION WANT REGEX
	local n
	n=$(tr -d '\r' <"$log" | grep -Ec -- "$3")
	if [ "$n" -ne "$2" ]; then
		echo "shell-keys: FAIL: $1: $n lines match '$3', want $2"
		fail=1
	fi
}
[ "$status" -eq 0 ] || { echo "shell-keys: FAIL: exit status $status"; fail=1; }
check "layout, then again from history" 2 '^Virtual kernel memory layout:'
check "kmapinfo by Tab completion" 1 '^pkmap: 512 slots at '
check "uptime after Left and Delete, with and without Escape" 2 '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}$'
check "bootargs after ^U" 1 '^keytest$'
check "no unknown command" 0 'unknown command'
[ $fail -eq 0 ] && echo "shell-keys: PASS"
exit $fail
