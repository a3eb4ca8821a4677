#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-fuzzer.sh BINARY SEED_DIR WORK_DIR SECONDS
# Runs a libFuzzer target for a bounded time over a scratch copy of its
# seed corpus; any crash, leak or sanitizer report fails the test.
set -euo pipefail
bin=$1 seeds=$2 work=$3 secs=$4
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp -r "$seeds"/. "$work/corpus/"
exec "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus"
