# Shared helpers for the benchmark scripts: build once in release mode, time commands, print ratios.
# CONCORD=path/to/concord skips the build; BENCH_DATA=DIR keeps generated databases there so that several
# scripts (run-all) share them instead of generating the 1 000 000-certificate database more than once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${CONCORD:-}" ]; then
    swift build -c release --product concord >/dev/null
    CONCORD="$(swift build -c release --show-bin-path)/concord"
fi
export CONCORD
work="$(mktemp -d /tmp/concord-bench.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
data="${BENCH_DATA:-$work}"

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }
# elapsed START: seconds since START.
elapsed() { echo "$(now) - $1" | bc -l; }
# ratio A B: A/B with 2 decimals.
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
# fmt X: X with 3 decimals.
fmt() { printf '%.3f' "$1"; }
# met CONDITION: "met" or "MISSED" for a bc condition such as "1.2 <= 3".
met() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo MISSED; fi; }

# certification_setup N DIR: DIR/concord.sqlite with N registered people who all passed level 4 at one of two
# evaluation bodies, a signing key (made by init), and no certificate yet, all through concord's own imports.
certification_setup() {
    local n="$1" dir="$2" db="$2/concord.sqlite"
    mkdir -p "$dir"
    "$CONCORD" generate certification --persons "$n" --out "$dir" >/dev/null
    "$CONCORD" --db "$db" init >/dev/null
    "$CONCORD" --db "$db" employer import "$dir/employers.csv" >/dev/null
    "$CONCORD" --db "$db" person import "$dir/persons.csv" >/dev/null
    for b in 1 2; do
        "$CONCORD" --db "$db" institution add --code "ZJ-EVAL-0$b" --name "浙江省劳动关系职业技能评价中心第${b}考点" \
            --kind evaluation --region 杭州市 >/dev/null
        "$CONCORD" --db "$db" cert body set --institution "ZJ-EVAL-0$b" --type S --site "00000$b" >/dev/null
    done
    "$CONCORD" --db "$db" assess import "$dir/assessments.csv" >/dev/null
    rm -f "$dir/persons.csv" "$dir/assessments.csv"
}

# certified_db N: prints the path of a database with N issued certificates (built once per BENCH_DATA). Everything
# goes through concord's own commands: the imports, then the real batch issuance (`cert issue --all-passed`:
# eligibility, numbering, two signatures, audit), the same command `issue-certificates` times.
certified_db() {
    local n="$1" dir="$data/certified-$1"
    if [ ! -f "$dir/done" ]; then
        rm -rf "$dir"
        certification_setup "$n" "$dir"
        "$CONCORD" --db "$dir/concord.sqlite" cert issue --all-passed --date 2029-04-01 >/dev/null
        touch "$dir/done"
    fi
    echo "$dir/concord.sqlite"
}

# sample_codes DB COUNT FILE: COUNT random certificate codes of DB into FILE.
sample_codes() { sqlite3 "$1" "SELECT code FROM certificate ORDER BY random() LIMIT $2" >"$3"; }

# serve_available: whether this concord has the `serve` command (an unknown subcommand with --help prints the
# root help and exits 0, so look for serve's own --port option).
serve_available() { "$CONCORD" serve --help 2>/dev/null | grep -q -- '--port'; }

# free_port: a free local TCP port.
free_port() {
    local port
    while :; do
        port=$(shuf -i 20000-60000 -n 1)
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

# start_server DB PORT: starts `concord serve` in the background (rate limit raised for load tests) and waits
# for GET /healthz; sets server_pid.
start_server() {
    "$CONCORD" serve --db "$1" --host 127.0.0.1 --port "$2" --rate 1000000 --burst 1000000 \
        >"$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        if curl -fs "http://127.0.0.1:$2/healthz" >/dev/null 2>&1; then return 0; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "concord serve did not answer GET /healthz; its log:" >&2
    cat "$work/serve.log" >&2
    return 1
}

# stop_server: stops the server started by start_server.
stop_server() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    server_pid=""
}

# wrk_run URL [LUA]: runs `wrk -t2 -c64 -d10s --latency` (DURATION overrides 10s) and prints "RATE P99_MS P50_MS".
wrk_run() {
    local out
    out=$(wrk -t2 -c64 -d"${DURATION:-10s}" --latency ${2:+-s "$2"} "$1")
    echo "$out" >>"$work/wrk.log"
    echo "$out" | awk '
        /Requests\/sec:/ { rate = $2 }
        function ms(v) { x = v + 0
            if (v ~ /us$/) return x / 1000; if (v ~ /ms$/) return x; if (v ~ /m$/) return x * 60000;
            if (v ~ /s$/) return x * 1000; return x }
        $1 == "99%" { p99 = ms($2) }
        $1 == "50%" { p50 = ms($2) }
        END { printf "%s %.3f %.3f\n", rate, p99, p50 }'
}

# codes_lua CODES LUA [FIRST]: a wrk script that requests GET /api/v1/verify/{code} for the codes of CODES in turn,
# the two wrk threads starting half a list apart, the requests built once. With FIRST set, each thread stops after
# its half: every code is requested once (the first sight of each code).
codes_lua() {
    { echo "local codes = {"; sed 's/.*/"&",/' "$1"; echo "}"
      echo "local first = ${3:-false}"
      cat <<'LUA'
local threads = 0
function setup(thread) thread:set("half", threads); threads = threads + 1 end
local requests, i, quota, answered = {}, 0, 0, 0
function init(args)
  for k = 1, #codes do requests[k] = wrk.format("GET", "/api/v1/verify/" .. codes[k]) end
  quota = math.floor(#codes / 2)
  i = (half or 0) * quota
end
function request() i = i % #requests + 1; return requests[i] end
function response(status, headers, body)
  answered = answered + 1
  if first and answered >= quota then wrk.thread:stop() end
end
LUA
    } >"$2"
}
