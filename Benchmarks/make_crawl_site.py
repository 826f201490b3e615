#!/usr/bin/env python3
"""Writes a site of article pages for the crawl benchmark: each of the handbook's 76 articles as an
HTML page with the usual boilerplate (menu, cookie banner, sidebar, comments, footer), repeated to
PAGES pages, plus robots.txt and a links file naming every page on http://127.0.0.1:PORT.

usage: make_crawl_site.py WAREHOUSE_DIR OUT_DIR PORT [PAGES]
"""
import html
import json
import os
import sys

warehouse, out, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = int(sys.argv[4]) if len(sys.argv) > 4 else 300
with open(os.path.join(warehouse, "ArticleDocument.json"), encoding="utf-8") as handle:
    articles = json.load(handle)

os.makedirs(os.path.join(out, "pages"), exist_ok=True)
with open(os.path.join(out, "robots.txt"), "w") as handle:
    handle.write("User-agent: *\nDisallow: /private/\n")
links = []
for number in range(pages):
    article = articles[number % len(articles)]["content"]
    title = html.escape(article.get("Title") or f"Article {number}")
    paragraphs = [p.strip() for p in (article.get("Content") or "").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Blog</title>
<meta name="author" content="Author {number % 2}"><script>var tracking = {{}};</script><style>p {{ margin: 0 }}</style></head>
<body><div class="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<main><article><h1>{title}</h1>
{body}
</article><aside class="sidebar"><h3>Related</h3><ul><li><a href="/pages/0.html">First</a></li></ul></aside>
<section class="comments"><h3>Comments</h3><p>Nice!</p></section></main>
<footer><p>© Blog</p></footer></body></html>"""
    path = os.path.join(out, "pages", f"{number}.html")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(page)
    links.append(f"http://127.0.0.1:{port}/pages/{number}.html")
with open(os.path.join(out, "links.txt"), "w") as handle:
    handle.write("\n".join(links) + "\n")
total = sum(os.path.getsize(os.path.join(out, "pages", f"{n}.html")) for n in range(pages))
print(f"{pages} pages, {total / 1e6:.1f} MB, links in {os.path.join(out, 'links.txt')}")
