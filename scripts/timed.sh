#!/usr/bin/env bash
# scripts/timed.sh STAGE COMMAND...: run COMMAND; append "STAGE <tab> seconds <tab> exit status" to $TEST_TIMES
# (default _build/test-times.tsv).  `make test` times its stages with it: set-up, unit tests, notebooks,
# book build, site tests; `python -m benchmarks.record_make_test` copies the breakdown into the benchmarks.
stage=$1; shift
times=${TEST_TIMES:-_build/test-times.tsv}
# Milliseconds from Python: BSD date (macOS) has no %N.
now_ms() { python3 -c 'import time; print(time.time_ns() // 1000000)'; }
start=$(now_ms)
"$@"
status=$?
elapsed_ms=$(( $(now_ms) - start ))
mkdir -p "$(dirname "$times")"
printf '%s\t%d.%01d\t%d\n' "$stage" $((elapsed_ms / 1000)) $(((elapsed_ms % 1000) / 100)) "$status" >> "$times"
exit $status
