#!/usr/bin/env bash
# The browser tests: the demo database, a hostile client, `supportplan serve` on a free loopback
# port (bounded in time, stopped by its pid), and Playwright for Python driving Debian's chromium.
# Extra arguments go to the test script (`--screenshots docs` writes the README's screenshots).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/debug/supportplan}

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
[ -x /usr/bin/chromium ] || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; }
python3 -c 'import playwright' 2>/dev/null || python3 -m pip install -q playwright  # never `playwright install`: chromium is Debian's

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

$BIN demo --db "$tmp/demo.sqlite" --rules Rules > /dev/null
$BIN client import Tests/browser/hostile-clients.json --db "$tmp/demo.sqlite" --rules Rules --as admin > /dev/null
# The demo database has users: the tests sign in through the page as lee, the demo's team leader.
export SP_USER=lee SP_PASSWORD='browser test passphrase'
printf '%s\n' "$SP_PASSWORD" | $BIN user password "$SP_USER" --db "$tmp/demo.sqlite" --rules Rules --as admin > /dev/null

timeout 300 $BIN serve --db "$tmp/demo.sqlite" --rules Rules --host 127.0.0.1 --port 0 > "$tmp/stdout" 2> "$tmp/server.log" &
pid=$!
line=
for _ in $(seq 300); do
  line=$(head -n 1 "$tmp/stdout" 2>/dev/null || true)
  [ -n "$line" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "supportplan serve stopped:"; cat "$tmp/server.log"; exit 1; }
  sleep 0.1
done
case "$line" in
  "listening on http://"*) url=${line#listening on } ;;
  *) echo "supportplan serve did not say where it listens (first line: '$line')"; cat "$tmp/server.log"; exit 1 ;;
esac

python3 Tests/browser/test_web.py "$url" "$@" || { echo "--- server log (last 40 lines) ---"; tail -n 40 "$tmp/server.log"; exit 1; }
