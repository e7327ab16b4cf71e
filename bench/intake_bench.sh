#!/usr/bin/env bash
# Durable report intake against a static-file baseline, measured in the same run.
#
#   bash bench/intake_bench.sh            # 3 rounds of 10 s each, SQLite
#   ROUNDS=5 SECONDS_PER_RUN=20 CONNECTIONS=64 bash bench/intake_bench.sh
#   STORE=postgres NODES=1 bash bench/intake_bench.sh   # one node on PostgreSQL
#   STORE=postgres NODES=2 bash bench/intake_bench.sh   # two nodes behind nginx
#   STORE=postgres NODES=2 LB=none bash bench/intake_bench.sh  # wrk on each node directly
#
# Each round runs wrk against nginx serving a small static file, then against
# `portsafe serve` (fresh instance) taking POST /api/v1/reports. The store is
# SQLite in WAL with synchronous=FULL, or PostgreSQL 15 in a throw-away
# cluster with fsync and synchronous_commit on (scripts/pg_cluster.sh
# --durable); with NODES=2, two `portsafe serve` share it behind nginx as a
# load balancer (round robin, keep-alive), or with LB=none two wrk processes
# (half the connections each) load one node each, as a load balancer on
# another machine would. Prints the median requests/s of
# each, the ratio, and checks that every acknowledged (201) report is in the
# database. Everything listens on 127.0.0.1 only and stops at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
secs="${SECONDS_PER_RUN:-10}"
conns="${CONNECTIONS:-64}"
threads="${WRK_THREADS:-2}"
store="${STORE:-sqlite}"
nodes="${NODES:-1}"
lb="${LB:-nginx}"
if [[ "$store" != sqlite && "$store" != postgres ]] || [[ "$nodes" != 1 && "$nodes" != 2 ]] ||
   [[ "$store" == sqlite && "$nodes" != 1 ]]; then
  echo "intake_bench: STORE=sqlite|postgres, NODES=1|2 (2 only with postgres)" >&2
  exit 2
fi
bash scripts/install_deps.sh build bench
dpkg-query -W -f='${Status}' sqlite3 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq sqlite3
bash scripts/build.sh portsafe >/dev/null

work=$(mktemp -d /tmp/portsafe-bench-XXXXXX)
nginx_port=18190
ps_port=18191
lb_port=18193
ps_pids=()
cleanup() {
  for pid in "${ps_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  [[ "$store" == postgres ]] && bash scripts/pg_cluster.sh stop "$work-pg"
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
  upstream portsafe_nodes { server 127.0.0.1:$ps_port; server 127.0.0.1:$((ps_port + 1)); keepalive 128; }
  server {
    listen 127.0.0.1:$lb_port;
    location / {
      proxy_pass http://portsafe_nodes; proxy_http_version 1.1; proxy_set_header Connection "";
    }
  }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"

db_args=()
if [[ "$store" == postgres ]]; then
  url=$(bash scripts/pg_cluster.sh start "$work-pg" --durable)
  psql -q "$url" -c "CREATE DATABASE portsafe"
  url="${url/\/postgres?/\/portsafe?}"
  db_args=(--database "$url")
fi
./build/portsafe init --data "$work/data" --recovery-key-out "$work/recovery.key" "${db_args[@]}" >/dev/null
for ((i = 0; i < nodes; i++)); do
  # Raw intake is measured: the admission limit on new reports is off.
  ./build/portsafe serve --data "$work/data" --listen "127.0.0.1:$((ps_port + i))" \
    --log-file "$work/ps$i.log" --new-reports-per-second 0 >/dev/null &
  ps_pids+=($!)
done
sleep 1
target_port=$ps_port
if ((nodes == 2)) && [[ "$lb" == nginx ]]; then target_port=$lb_port; fi

rate() { grep "Requests/sec" "$1" | awk '{print $2}'; }
non2xx() { (grep "Non-2xx" "$1" || echo "x x x 0") | awk '{print $NF}'; }
total() { grep -E "requests in" "$1" | awk '{print $1}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

acked=0
: > "$work/nginx.rates"; : > "$work/ps.rates"
for r in $(seq 1 "$rounds"); do
  wrk -t"$threads" -c"$conns" -d"${secs}s" "http://127.0.0.1:$nginx_port/index.html" > "$work/n.out"
  rate "$work/n.out" >> "$work/nginx.rates"
  if ((nodes == 2)) && [[ "$lb" == none ]]; then
    wrk_pids=()
    for i in 0 1; do
      wrk -t1 -c$((conns / 2)) -d"${secs}s" -s bench/report.lua \
        "http://127.0.0.1:$((ps_port + i))/api/v1/reports" > "$work/p$i.out" &
      wrk_pids+=($!)
    done
    wait "${wrk_pids[@]}"
    awk '/Requests\/sec/ {s += $2} END {printf "%.2f\n", s}' "$work/p0.out" "$work/p1.out" >> "$work/ps.rates"
    bad=$(($(non2xx "$work/p0.out") + $(non2xx "$work/p1.out")))
    acked=$((acked + $(total "$work/p0.out") + $(total "$work/p1.out") - bad))
  else
    wrk -t"$threads" -c"$conns" -d"${secs}s" -s bench/report.lua "http://127.0.0.1:$target_port/api/v1/reports" > "$work/p.out"
    rate "$work/p.out" >> "$work/ps.rates"
    bad=$(non2xx "$work/p.out")
    acked=$((acked + $(total "$work/p.out") - bad))
  fi
  echo "round $r: nginx $(tail -1 "$work/nginx.rates") req/s, portsafe $(tail -1 "$work/ps.rates") reports/s (non-2xx: $bad)"
done
for pid in "${ps_pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
ps_pids=()
if [[ "$store" == postgres ]]; then
  stored=$(psql -tA "$url" -c "SELECT COUNT(*) FROM reports")
else
  stored=$(sqlite3 "$work/data/portsafe.db" "SELECT COUNT(*) FROM reports")
fi
n=$(median < "$work/nginx.rates")
p=$(median < "$work/ps.rates")
ratio=$(awk -v p="$p" -v n="$n" 'BEGIN {printf "%.1f", 100 * p / n}')
echo
echo "nginx static file (median of $rounds): $n req/s"
echo "portsafe durable reports, $store, $nodes node(s) (median of $rounds): $p reports/s"
echo "ratio: $ratio% of nginx$([[ "$store" == sqlite ]] && echo ' (target: at least 25%)')"
echo "acknowledged reports: $acked, stored: $stored ($([[ $stored -ge $acked ]] && echo 'all acknowledged reports are durable' || echo 'LOST REPORTS'))"
[[ $stored -ge $acked ]]
