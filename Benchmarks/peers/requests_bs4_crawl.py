#!/usr/bin/env python3
"""The peer of `orchestrate-bench crawl`: what a crawl script usually is (requests, a thread pool,
BeautifulSoup dropping scripts, styles, navigation and footers, then get_text), over the same links.

usage: requests_bs4_crawl.py LINKS_FILE CONCURRENCY
"""
import sys
import time
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor

import requests
from bs4 import BeautifulSoup

links = [line.strip() for line in open(sys.argv[1]) if line.strip() and not line.startswith("#")]
concurrency = int(sys.argv[2])
session = requests.Session()
session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=concurrency))


def crawl(url):
    response = session.get(url, timeout=30)
    response.raise_for_status()
    soup = BeautifulSoup(response.text, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    return soup.get_text("\n", strip=True)


start = time.perf_counter()
robots = urllib.robotparser.RobotFileParser(links[0].split("/pages/")[0] + "/robots.txt")
robots.read()
allowed = [url for url in links if robots.can_fetch("peer", url)]
with ThreadPoolExecutor(concurrency) as pool:
    texts = list(pool.map(crawl, allowed))
seconds = time.perf_counter() - start
characters = sum(len(text) for text in texts)
print(f"requests+bs4 pages={len(texts)} seconds={seconds:.3f} pages_per_s={len(texts) / seconds:.1f} characters={characters}")
