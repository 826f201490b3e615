#!/usr/bin/env bash
# Crawl throughput against a local site: orchestrate's crawler beside requests + BeautifulSoup, same
# pages, same concurrency, alternating, three rounds each. The site is the handbook's 76 articles as
# pages with boilerplate, repeated to PAGES (default 300), served by scripts/example_site.py.
#
# usage: CRAWL_PYTHON=/path/to/venv/bin/python Benchmarks/crawl.sh [PAGES] [CONCURRENCY]
#   (the venv needs requests and beautifulsoup4: python3 -m venv V && V/bin/pip install requests beautifulsoup4)
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-300}"
concurrency="${2:-8}"
python="${CRAWL_PYTHON:?set CRAWL_PYTHON to a Python with requests and beautifulsoup4}"
swift build -c release --product orchestrate-bench 2>&1 | grep -E "error|warning: " || true
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
python3 Benchmarks/make_crawl_site.py ../shared/data/handbook/warehouse "$work/site" "$port" "$pages"
SITE_PORT=$port python3 scripts/example_site.py "$work/site" > "$work/server.log" 2>&1 &
server=$!
sleep 1
for round in 1 2 3; do
    .build/release/orchestrate-bench crawl "$work/site/links.txt" "$concurrency"
    "$python" Benchmarks/peers/requests_bs4_crawl.py "$work/site/links.txt" "$concurrency"
done
