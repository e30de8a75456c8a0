#!/usr/bin/env bash
# Runs every fuzz target for a fixed time (default 60 s each) on the nightly toolchain, seeded
# from tests/fixtures and the dictionary in fuzz/dict. Fails on the first crash, leaving the
# input in fuzz/artifacts/<target>/. Installs cargo-fuzz when it is missing.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

if ! cargo +nightly --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

cargo +nightly fuzz build
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  # Seed corpus: every fixture, ok or not, and every past crash.
  cp tests/fixtures/ok/*.sql tests/fixtures/error/*.sql "$corpus/" 2>/dev/null || true
  cp tests/fixtures/fuzz/* "$corpus/" 2>/dev/null || true
  # `execute` runs without AddressSanitizer: the workspace forbids unsafe code, and ASan's
  # bookkeeping of the executor's many small allocations made the target 6.5x slower
  # (fuzz/README.md); libFuzzer's coverage and the target's oracle are unchanged. Nor does it
  # trace comparisons: its input is a generator's choices, not text with magic values to find,
  # and the tracing was 45% of its time (2.2x the speed without it, the same coverage).
  sanitizer=()
  if [ "$target" = execute ]; then
    sanitizer=(--sanitizer none --no-trace-compares)
  fi
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run "${sanitizer[@]}" "$target" "$corpus" -- \
    -dict=fuzz/dict/flink.dict -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 2>&1 | grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|panicked|SUMMARY' || true
  if compgen -G "fuzz/artifacts/$target/*" >/dev/null; then
    echo "fuzz: $target crashed; inputs in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
