#!/usr/bin/env bash
# Browser tests in Debian's Chromium: starts a fresh PortSafe instance on a
# free loopback port with staff accounts (two supervisors, a handler, an
# officer of the local force and a programme admin, all with the password in
# $work/password; one more of each role, and a port manager, for
# pages.test.mjs), one report and two that name the same van, runs
# reporter.test.mjs, staff.test.mjs, membership.test.mjs, approach.test.mjs,
# learn.test.mjs, pages.test.mjs and reporter_languages.test.mjs
# (node's test runner, Playwright, axe-core) against it, and stops it.
# PORTSAFE_SHOTS=DIR writes screenshots there. Expects build/portsafe to exist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [[ ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d /tmp/portsafe-browser-XXXXXX)
cleanup() {
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$root/build/portsafe" init --data "$work/data" --recovery-key-out "$work/recovery.key" \
  --public-url https://portsafe.browser.invalid >/dev/null
staff_password="browser-test-password"
printf '%s\n' "$staff_password" >"$work/password"
"$root/build/portsafe" user add --data "$work/data" --role supervisor --email sup@browser.invalid \
  --password-file "$work/password" --recovery-key-file "$work/recovery.key" \
  --holder-chose-password >"$work/user"
totp_uri=$(grep -m1 '^otpauth://' "$work/user")
# For the approval flow: a handler who submits, a second supervisor who
# approves, and an officer of the local force who reads the package.
add_user() {  # role email [extra...] -> prints the otpauth URI
  local role=$1 email=$2; shift 2
  "$root/build/portsafe" user add --data "$work/data" --role "$role" --email "$email" \
    --password-file "$work/password" --holder-chose-password "$@" | grep -m1 '^otpauth://'
}
handler_uri=$(add_user handler hand@browser.invalid --recovery-key-file "$work/recovery.key")
# For approach.test.mjs: a handler of its own, signed in nowhere else.
approach_handler_uri=$(add_user handler a-hand@browser.invalid --recovery-key-file "$work/recovery.key")
approver_uri=$(add_user supervisor sup2@browser.invalid --recovery-key-file "$work/recovery.key")
"$root/build/portsafe" agency add --data "$work/data" --code SUFFOLK-POLICE \
  --name "Suffolk Constabulary" --port GBFXT --recovery-key-out "$work/suffolk.key" >/dev/null
officer_uri=$(add_user agency off@browser.invalid --agency SUFFOLK-POLICE \
  --recovery-key-file "$work/suffolk.key")
# For membership: the programme admin.
admin_uri=$(add_user admin adm@browser.invalid)
# For the accounts view: another admin, and a handler whose password is a
# first password (no --holder-chose-password): it must be changed at once.
accounts_uri=$(add_user admin acc@browser.invalid)
first_uri=$("$root/build/portsafe" user add --data "$work/data" --role handler \
  --email new@browser.invalid --password-file "$work/password" | grep -m1 '^otpauth://')
# For pages.test.mjs: one account of each role, signed in nowhere else, and
# a member facility with its security manager.
pages_facility=GBFXT-PAGES
"$root/build/portsafe" facility add --data "$work/data" --code "$pages_facility" --port GBFXT \
  --name "Pages Terminal" >/dev/null
# For learn.test.mjs: a security manager of the pages facility of its own.
learn_manager_uri=$(add_user port-manager l-pfso@browser.invalid --facility "$pages_facility")
# For alerts.test.mjs: a handler drafts, a supervisor approves, the pages
# facility's manager (Felixstowe) acknowledges, Dover's manager sees nothing.
alert_handler_uri=$(add_user handler al-hand@browser.invalid --recovery-key-file "$work/recovery.key")
alert_supervisor_uri=$(add_user supervisor al-sup@browser.invalid --recovery-key-file "$work/recovery.key")
alert_manager_uri=$(add_user port-manager al-pfso@browser.invalid --facility "$pages_facility")
"$root/build/portsafe" facility add --data "$work/data" --code GBDVR-ALERTS --port GBDVR \
  --name "Dover Alerts Terminal" >/dev/null
dover_manager_uri=$(add_user port-manager al-dover@browser.invalid --facility GBDVR-ALERTS)
pages_accounts=$(
  printf '{"handler":{"email":"p-hand@browser.invalid","uri":"%s"},' \
    "$(add_user handler p-hand@browser.invalid --recovery-key-file "$work/recovery.key")"
  printf '"supervisor":{"email":"p-sup@browser.invalid","uri":"%s"},' \
    "$(add_user supervisor p-sup@browser.invalid --recovery-key-file "$work/recovery.key")"
  printf '"officer":{"email":"p-off@browser.invalid","uri":"%s"},' \
    "$(add_user agency p-off@browser.invalid --agency SUFFOLK-POLICE --recovery-key-file "$work/suffolk.key")"
  printf '"manager":{"email":"p-pfso@browser.invalid","uri":"%s"},' \
    "$(add_user port-manager p-pfso@browser.invalid --facility "$pages_facility")"
  printf '"admin":{"email":"p-adm@browser.invalid","uri":"%s"}}' \
    "$(add_user admin p-adm@browser.invalid)"
)
# For the figures: counts of two months already published (the second and
# third before this one), as the reports of those months would have left
# them, written into the tallies before the server starts.
python3 - "$work/data/portsafe.db" <<'PY'
import datetime, sqlite3, sys
today = datetime.date.today().replace(day=1)
def months_back(n):
    y, m = today.year, today.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"
db = sqlite3.connect(sys.argv[1])
for month, scale in ((months_back(3), 1), (months_back(2), 2)):
    for port, category, count in (("GBFXT", "drugs", 12), ("GBFXT", "cargo_theft", 8),
                                  ("GBDVR", "cargo_theft", 15), ("GBDVR", "drugs", 9),
                                  ("GBSOU", "excise_smuggling", 7), ("GBHRW", "drugs", 2),
                                  ("GBLIV", "firearms", 6), ("GBTIL", "other", 1)):
        db.execute("INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
                   "VALUES('reports', '', ?, ?, ?, ?)", (port, month, category, count * scale))
# Lessons completed through the pages facility's learning link, for
# learn.test.mjs: one lesson often enough to be shown, one not, each month.
for month, lesson, count in ((months_back(3), "insider-kinds", 7), (months_back(3), "recruitment", 2),
                             (months_back(2), "insider-kinds", 6), (months_back(2), "recruitment", 3)):
    db.execute("INSERT INTO tallies(metric, facility_code, port_code, month, key, count) "
               "VALUES('lessons', 'GBFXT-PAGES', 'GBFXT', ?, ?, ?)", (month, lesson, count))
db.commit()
PY
"$root/build/portsafe" serve --data "$work/data" --listen 127.0.0.1:0 --log-file "$work/server.log" >"$work/out" &
pid=$!
for _ in $(seq 1 100); do
  grep -q "serving on" "$work/out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -oE "http://[0-9.:]+/" "$work/out" | head -1)
[[ -n "$url" ]] || { echo "server did not start"; cat "$work/server.log"; exit 1; }
marker="BROWSER-STAFF-$$"
curl_body="{\"port\":\"GBFXT\",\"category\":\"drugs\",\"description\":\"$marker\"}"
file_report() {  # url body
  node -e 'fetch(process.argv[1] + "api/v1/reports", {method: "POST", headers: {"content-type": "application/json"}, body: process.argv[2]}).then((r) => process.exit(r.status === 201 ? 0 : 1))' "$1" "$2"
}
file_report "$url" "$curl_body"
# Two reports that name the same van, for the links test.
link_marker="BROWSER-LINK-$$"
file_report "$url" "{\"port\":\"GBFXT\",\"category\":\"drugs\",\"description\":\"$link_marker van AB12 CDE at gate 2\"}"
file_report "$url" "{\"port\":\"GBFXT\",\"category\":\"drugs\",\"description\":\"$link_marker the van ab12cde came back\"}"
export PORTSAFE_URL="$url" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" \
  PORTSAFE_STAFF_EMAIL=sup@browser.invalid PORTSAFE_STAFF_PASSWORD="$staff_password" \
  PORTSAFE_STAFF_TOTP_URI="$totp_uri" PORTSAFE_REPORT_MARKER="$marker" \
  PORTSAFE_LINK_MARKER="$link_marker" PORTSAFE_HANDLER_TOTP_URI="$handler_uri" \
  PORTSAFE_APPROVER_TOTP_URI="$approver_uri" PORTSAFE_OFFICER_TOTP_URI="$officer_uri" \
  PORTSAFE_ADMIN_TOTP_URI="$admin_uri" PORTSAFE_ACCOUNTS_TOTP_URI="$accounts_uri" \
  PORTSAFE_FIRST_TOTP_URI="$first_uri" PORTSAFE_PAGES_ACCOUNTS="$pages_accounts" \
  PORTSAFE_PAGES_FACILITY="$pages_facility" \
  PORTSAFE_APPROACH_HANDLER_EMAIL=a-hand@browser.invalid \
  PORTSAFE_APPROACH_HANDLER_URI="$approach_handler_uri" \
  PORTSAFE_LEARN_MANAGER_EMAIL=l-pfso@browser.invalid PORTSAFE_LEARN_MANAGER_URI="$learn_manager_uri" \
  PORTSAFE_ALERT_URIS="$alert_handler_uri $alert_supervisor_uri $alert_manager_uri $dover_manager_uri"
# node's runner takes the files in name order; pages.test.mjs needs what the
# others leave behind (a package in the agency's inbox), so it runs after.
status=0
node --test --test-concurrency=1 reporter.test.mjs staff.test.mjs membership.test.mjs \
  approach.test.mjs learn.test.mjs alerts.test.mjs || status=1
node --test --test-concurrency=1 pages.test.mjs reporter_languages.test.mjs || status=1
exit $status
