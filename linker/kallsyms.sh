#!/bin/sh
# SPDX-License-Identifier: MIT
# kallsyms.sh NM ELF OUT.S: emit the text symbol table of ELF as assembly,
# for the final link.  Only function symbols in .text, sorted by address;
# mapping symbols ($a, $d, $t) and duplicates at one address are dropped.
set -eu
nm=$1 elf=$2 out=$3
"$nm" -n --defined-only "$elf" | awk '
	BEGIN { n = 0 }
	NF == 3 && $2 ~ /^[tTwW]$/ && $3 !~ /^[$.]/ {
		if ($1 == last) next
		last = $1; addr[n] = $1; name[n] = $3; n++
	}
	END {
		print "\t.section .kallsyms, \"a\""
		print "\t.balign 4"
		print "\t.globl kallsyms_num, kallsyms_addrs, kallsyms_name_offsets, kallsyms_names"
		print "kallsyms_num:\n\t.word " n
		print "kallsyms_addrs:"
		for (i = 0; i < n; i++) print "\t.word 0x" addr[i]
		print "kallsyms_name_offsets:"
		off = 0
		for (i = 0; i < n; i++) { print "\t.word " off; off += length(name[i]) + 1 }
		print "kallsyms_names:"
		for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
	}' > "$out"
