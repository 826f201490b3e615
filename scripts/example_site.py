#!/usr/bin/env python3
"""A loopback web server for the example corpus and the crawler tests: serves a static folder (by
default examples/feature/site) and, under /_/, pages that misbehave on purpose for the tests
(errors, throttling, redirect loops, huge and slow bodies, odd charsets).

Usage: example_site.py [ROOT]   Binds 127.0.0.1 on SITE_PORT (default: a free port) and prints
"listening on PORT".
GET /_/log returns every request seen so far as JSON: [{"t": seconds, "path": ..., "agent": ...}].
For the crawler's tests /robots.txt can misbehave too: the first SITE_ROBOTS_FAILURES requests (all of
them when unset) wait SITE_ROBOTS_DELAY seconds, then answer SITE_ROBOTS_STATUS (with
SITE_ROBOTS_RETRY_AFTER as Retry-After) instead of the file.
"""
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "examples", "feature", "site"))
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
         ".atom": "application/atom+xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".md": "text/markdown; charset=utf-8"}
PAGE = "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"

lock = threading.Lock()
log = []
counts = {}


def count(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1
        return counts[key]


def dataset_answer(model, messages):
    """What a helpful model would answer to the dataset steps' prompts, made from the prompt itself so
    that the tests can check the extract really reached it: a question for a passage (see
    `passage_question`), pairs for an extract, or a generic answer to a question. `dataset-broken` answers the first prompt
    of an extract with prose around JSON in single quotes (the repair request then gets valid JSON), and
    `dataset-messy` adds items the step must reject: a duplicate, one without an answer, one too short
    and one in German."""
    last = messages[-1]["content"]
    if "not valid JSON" in last:
        return dataset_answer("dataset", messages[:-2])
    ask = re.search(r"\n\n(Write a question[^\n]*)$", last)
    if ask:
        return passage_question(model, last[:ask.start()].strip(), ask.group(1))
    found = re.search(r'"""\n(.*?)\n"""', last, re.S)
    if not found:
        return "In general, " + last.rstrip("?.").lower() + " depends on many factors, and there is no single answer."
    wanted = re.search(r"Write (\d+)", last)
    count = int(wanted.group(1)) if wanted else 3
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", found.group(1)) if len(s.split()) >= 6]
    items = [{"instruction": "Explain what the author means by: " + " ".join(s.split()[:8]), "answer": s} for s in sentences[:count]]
    if model == "dataset-messy" and items:
        items += [dict(items[0]), {"instruction": "Summarize the extract."},
                  {"instruction": "Give a one-word verdict on the extract.", "answer": "Good."},
                  {"instruction": "Was sagt der Autor über das Thema?",
                   "answer": "Der Autor sagt, dass die Daten und die Modelle immer wieder geprüft werden müssen, und das ist nicht einfach."}]
    text = json.dumps(items)
    if model == "dataset-broken":
        return "Sure! Here are the pairs you asked for:\n" + text.replace('"', "'")
    return text


def passage_question(model, passage, request):
    """The question a passage answers, for instruction backtranslation: about the passage's first words,
    so that the tests can check which passage it was written for. Another request than the default one
    changes the question. `dataset-messy` wraps it in a label and an answer, or, for passages starting
    with C or F, speaks of the passage instead (which the step must reject)."""
    topic = " ".join(passage.split()[:6]).rstrip(".,;:")
    question = "What does the author say about " + topic + "?"
    if request != "Write a question about this topic.":
        question = request.rstrip(".") + ": " + question
    if model == "dataset-messy":
        if passage[:1] in "CF":
            return "This passage is about " + topic + "."
        return "**Question:** " + question + "\n\nAnswer: the passage explains it."
    return question


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def page(self, title, text):
        return PAGE.format(title=title, text=text).encode()

    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with lock:
            log.append({"t": time.time(), "path": self.path, "agent": self.headers.get("User-Agent", "")})
        route = url.path
        if route == "/robots.txt" and self.robots_misbehaves():
            return
        if route == "/_/log":
            with lock:
                body = json.dumps(log).encode()
            return self.send(200, body, "application/json")
        if route == "/_/flaky":
            # Fails `failures` times per key with 500 (or `status`), then succeeds.
            if count(("flaky", query.get("key", ""))) <= int(query.get("failures", "1")):
                return self.send(int(query.get("status", "500")), b"<h1>try again</h1>")
            return self.send(200, self.page("Flaky page", "It worked on a later attempt."))
        if route == "/_/throttled":
            if count(("throttled", query.get("key", ""))) == 1:
                return self.send(429, b"slow down", headers={"Retry-After": query.get("after", "1")})
            return self.send(200, self.page("Throttled page", "Served after waiting as asked."))
        if route == "/_/loop":
            step = int(query.get("n", "0")) + 1
            return self.send(302, b"", None, {"Location": f"/_/loop?n={step}"})
        if route == "/_/redirect":
            return self.send(301, b"", None, {"Location": query.get("to", "/")})
        if route == "/_/huge":
            return self.huge(int(query.get("mb", "50")), query.get("chunked") == "1")
        if route == "/_/slow":
            time.sleep(float(query.get("seconds", "5")))
            return self.send(200, self.page("Slow page", "Too late."))
        if route == "/_/binary":
            return self.send(200, bytes(range(256)) * 64, "application/octet-stream")
        if route == "/_/file":
            # Serves a file from the site with the content type given, or none at all (type=none).
            path = os.path.join(ROOT, query.get("path", "").lstrip("/"))
            content_type = query.get("type", "text/html")
            with open(path, "rb") as handle:
                return self.send(200, handle.read(), None if content_type == "none" else content_type)
        return self.static(route)

    def do_POST(self):
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            log.append({"t": time.time(), "path": self.path, "agent": self.headers.get("User-Agent", "")})
        if url.path == "/_/echo":
            # The request as JSON: body and headers, for the HTTP client's tests.
            answer = {"body": body.decode("utf-8", "replace"), "headers": {k.lower(): v for k, v in self.headers.items()}}
            return self.send(200, json.dumps(answer).encode(), "application/json")
        if url.path == "/_/openai/v1/chat/completions":
            return self.chat_completion(json.loads(body or b"{}"))
        if url.path == "/_/stream":
            # Server-sent events, one every 50 ms, in chunked encoding.
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for number in range(int(parse_qs(url.query).get("events", ["3"])[0])):
                event = f"data: {number}\n\n".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
                time.sleep(0.05)
            self.wfile.write(b"0\r\n\r\n")
            return
        return self.send(404, b"<h1>not found</h1>")

    def robots_misbehaves(self):
        """Answers /robots.txt the way SITE_ROBOTS_* say, or returns False to serve the file."""
        failures = os.environ.get("SITE_ROBOTS_FAILURES")
        if count("robots") > (int(failures) if failures else float("inf")):
            return False
        delay = float(os.environ.get("SITE_ROBOTS_DELAY", "0"))
        if delay:
            time.sleep(delay)
        status = os.environ.get("SITE_ROBOTS_STATUS")
        if not status:
            return False
        after = os.environ.get("SITE_ROBOTS_RETRY_AFTER")
        try:
            self.send(int(status), b"robots.txt is not available", "text/plain", {"Retry-After": after} if after else None)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return True

    def chat_completion(self, request):
        """An OpenAI-style server replaying canned answers; the model name picks the behaviour."""
        model = request.get("model", "")
        attempt = count(("openai", model))
        if model in ("needs-key", "dataset-keyed") and self.headers.get("Authorization") != "Bearer sk-test-key":
            return self.send(401, json.dumps({"error": {"message": "Incorrect API key provided"}}).encode(), "application/json")
        if model == "throttled" and attempt == 1:
            return self.send(429, b'{"error": {"message": "Rate limit reached"}}', "application/json", {"Retry-After": "1"})
        if model == "flaky" and attempt == 1:
            return self.send(500, b'{"error": {"message": "The server had an error"}}', "application/json")
        if model == "whole":
            answer = {"choices": [{"message": {"role": "assistant", "content": "One piece."}, "finish_reason": "stop"}],
                      "usage": {"prompt_tokens": 9, "completion_tokens": 3}}
            return self.send(200, json.dumps(answer).encode(), "application/json")
        question = request["messages"][-1]["content"] if request.get("messages") else ""
        if model.startswith("judge"):
            # An LLM judge: a verdict in the rubric's JSON, or ("judge-prose") an answer that holds none.
            text = ("It reads well; I would give it a good mark." if model == "judge-prose" else
                    json.dumps({"accuracy": {"analysis": "Correct and complete.", "score": 3},
                                "style": {"analysis": "Plain, a little stiff.", "score": 2}}))
            pieces = [text[i:i + 40] for i in range(0, len(text), 40)]
        elif model.startswith("dataset"):
            if model == "dataset-down":
                return self.send(500, b'{"error": {"message": "The model is not loaded"}}', "application/json")
            text = dataset_answer(model, request["messages"])
            pieces = [text[i:i + 40] for i in range(0, len(text), 40)]
        else:
            pieces = ["{not json"] if model == "bad-event" else ["You asked: ", question, "."]
        events = []
        for piece in pieces:
            if model == "bad-event":
                events.append(f"data: {piece}\n\n")
            else:
                events.append("data: " + json.dumps({"choices": [{"delta": {"content": piece}, "finish_reason": None}]}) + "\n\n")
        events.append("data: " + json.dumps({"choices": [{"delta": {}, "finish_reason": "stop"}]}) + "\n\n")
        events.append("data: " + json.dumps({"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 5}}) + "\n\n")
        events.append("data: [DONE]\n\n")
        return self.send(200, "".join(events).encode(), "text/event-stream")

    def huge(self, megabytes, chunked):
        block = b"<p>" + b"x" * 1017 + b"</p>\n"
        blocks = megabytes * 1024
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(block) * blocks))
        self.end_headers()
        try:
            for _ in range(blocks):
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                else:
                    self.wfile.write(block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def static(self, route):
        path = os.path.normpath(os.path.join(ROOT, route.lstrip("/")))
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.startswith(ROOT) or not os.path.isfile(path):
            return self.send(404, b"<h1>not found</h1>")
        with open(path, "rb") as handle:
            body = handle.read()
        self.send(200, body, TYPES.get(os.path.splitext(path)[1], "application/octet-stream"))


port = int(os.environ.get("SITE_PORT", "0"))
try:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
except OSError as error:
    sys.exit(f"example_site.py: cannot listen on 127.0.0.1:{port}: {error.strerror} (another example site still running?)")
server.daemon_threads = True
print(f"listening on {server.server_address[1]}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
