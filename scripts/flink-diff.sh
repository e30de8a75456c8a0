#!/usr/bin/env bash
# The differential check against Apache Flink's own parser: builds the probe (an example of the
# root package) and runs scripts/flink_diff.py, which writes docs/fidelity-report.txt.
# Needs Java and the Flink oracle (not in CI). Run it on every grammar change; see docs/fidelity.md.
#
#   scripts/flink-diff.sh                       # fixtures, tests/fidelity/*.sql, mutants
#   scripts/flink-diff.sh --flink-tests DIR     # also Flink's parser tests (scripts/flink_parser_tests.py)
#   scripts/flink-diff.sh more/*.sql some/dir   # also these files, each path a source
#   FLINK_ORACLE=/path/to/run.sh scripts/flink-diff.sh --record
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --example fidelity_probe
exec python3 scripts/flink_diff.py "$@"
