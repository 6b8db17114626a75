# Shared helpers for the benchmark scripts: build once in release mode, time commands, print ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${CONCORD:-}" ]; then
    swift build -c release --product concord >/dev/null
    CONCORD="$(swift build -c release --show-bin-path)/concord"
fi
export CONCORD
work="$(mktemp -d /tmp/concord-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }
# elapsed START: seconds since START.
elapsed() { echo "$(now) - $1" | bc -l; }
# ratio A B: A/B with 2 decimals.
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
# fmt X: X with 3 decimals.
fmt() { printf '%.3f' "$1"; }
