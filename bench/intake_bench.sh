#!/usr/bin/env bash
# Durable report intake against a static-file baseline, measured in the same run.
#
#   bash bench/intake_bench.sh            # 3 rounds of 10 s each
#   ROUNDS=5 SECONDS_PER_RUN=20 CONNECTIONS=64 bash bench/intake_bench.sh
#
# Each round runs wrk against nginx serving a small static file, then against
# `portsafe serve` (fresh instance, SQLite in WAL with synchronous=FULL)
# taking POST /api/v1/reports. Prints the median requests/s of each, the
# ratio, and checks that every acknowledged (201) report is in the database.
# Everything listens on 127.0.0.1 only and stops at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
secs="${SECONDS_PER_RUN:-10}"
conns="${CONNECTIONS:-64}"
threads="${WRK_THREADS:-2}"
bash scripts/install_deps.sh build bench
dpkg-query -W -f='${Status}' sqlite3 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq sqlite3
bash scripts/build.sh portsafe >/dev/null

work=$(mktemp -d /tmp/portsafe-bench-XXXXXX)
nginx_port=18190
ps_port=18191
cleanup() {
  [[ -n "${ps_pid:-}" ]] && kill "$ps_pid" 2>/dev/null && wait "$ps_pid" 2>/dev/null
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www"
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/www/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"

./build/portsafe init --data "$work/data" --recovery-key-out "$work/recovery.key" >/dev/null
./build/portsafe serve --data "$work/data" --listen "127.0.0.1:$ps_port" --log-file "$work/ps.log" >/dev/null &
ps_pid=$!
sleep 1

rate() { grep "Requests/sec" "$1" | awk '{print $2}'; }
non2xx() { (grep "Non-2xx" "$1" || echo "x x x 0") | awk '{print $NF}'; }
total() { grep -E "requests in" "$1" | awk '{print $1}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

acked=0
: > "$work/nginx.rates"; : > "$work/ps.rates"
for r in $(seq 1 "$rounds"); do
  wrk -t"$threads" -c"$conns" -d"${secs}s" "http://127.0.0.1:$nginx_port/index.html" > "$work/n.out"
  rate "$work/n.out" >> "$work/nginx.rates"
  wrk -t"$threads" -c"$conns" -d"${secs}s" -s bench/report.lua "http://127.0.0.1:$ps_port/api/v1/reports" > "$work/p.out"
  rate "$work/p.out" >> "$work/ps.rates"
  bad=$(non2xx "$work/p.out")
  acked=$((acked + $(total "$work/p.out") - bad))
  echo "round $r: nginx $(tail -1 "$work/nginx.rates") req/s, portsafe $(tail -1 "$work/ps.rates") reports/s (non-2xx: $bad)"
done
kill "$ps_pid"; wait "$ps_pid" 2>/dev/null || true; ps_pid=""
stored=$(sqlite3 "$work/data/portsafe.db" "SELECT COUNT(*) FROM reports")
n=$(median < "$work/nginx.rates")
p=$(median < "$work/ps.rates")
ratio=$(awk -v p="$p" -v n="$n" 'BEGIN {printf "%.1f", 100 * p / n}')
echo
echo "nginx static file (median of $rounds): $n req/s"
echo "portsafe durable reports (median of $rounds): $p reports/s"
echo "ratio: $ratio% of nginx (target: at least 25%)"
echo "acknowledged reports: $acked, stored: $stored ($([[ $stored -ge $acked ]] && echo 'all acknowledged reports are durable' || echo 'LOST REPORTS'))"
[[ $stored -ge $acked ]]
