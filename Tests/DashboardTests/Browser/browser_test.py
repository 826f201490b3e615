"""The dashboard in a real headless Chromium (Debian's, driven by playwright): every page loads, the DAG
and lineage SVGs hold the right nodes, a run started from the page finishes and its page updates by
itself, links are added for an author, and the chat box answers from the served model. Usage: browser_test.py BASE_URL SCREENSHOT_DIR. Prints one line per check; exits 1 on a failure."""

import json
import sys

from playwright.sync_api import expect, sync_playwright

base, shots = sys.argv[1].rstrip("/"), sys.argv[2]
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Pipelines: the run form starts a run and lands on its page, which updates by itself until it succeeds.
    page.goto(base + "/pipelines")
    check(page.locator("section.pipeline#demo").count() == 1, "the pipelines page lists demo")
    check(page.locator("#demo svg.graph g.node").count() == 3, "demo's DAG has its three steps")
    page.screenshot(path=shots + "/pipelines.png", full_page=True)
    page.fill("#demo input[name=greeting]", "from the browser")
    page.fill("#demo input[name=pause]", "3")
    page.click("#demo button[type=submit]")
    page.wait_for_url("**/runs/*")
    run_url = page.url
    expect(page.locator("#run-status")).to_have_text("running", timeout=60_000)
    check(True, "the new run's page shows it running")
    expect(page.locator("#run-status")).to_have_text("succeeded", timeout=120_000)
    check(True, "the run's page turned to succeeded without a reload")
    nodes = page.locator("#dag g.node")
    check(sorted(nodes.evaluate_all("ns => ns.map(n => n.dataset.node)")) == ["done", "make", "shout"],
          "the DAG shows make, shout and done")
    check(page.locator("#dag g.node.status-succeeded").count() == 3, "every node is coloured succeeded")
    check(page.locator("#gantt rect.bar").count() == 3, "the timeline has a bar per step")
    page.click("#step-make details summary")
    check("making from the browser" in (page.locator("#step-make pre").text_content() or ""), "the step's log is shown")
    page.screenshot(path=shots + "/run.png", full_page=True)

    # Runs list.
    page.goto(base + "/runs")
    check(page.locator("table.runs tbody tr").count() >= 2, "the runs list shows the runs")
    page.select_option("select[name=status]", "failed")
    page.click(".filters button")
    check(page.locator("table.runs tbody tr.status-failed").count() >= 1, "the status filter keeps the failed run")
    check(page.locator("table.runs tbody tr.status-succeeded").count() == 0, "and drops the others")
    page.goto(base + "/runs")
    page.screenshot(path=shots + "/runs.png", full_page=True)

    # Artifacts and lineage: the shout output's graph reaches back to make's output through both step runs.
    page.goto(base + "/artifacts?name=loud")
    page.click("table.artifacts tbody tr:first-child a")
    labels = page.locator("#lineage g.node title").evaluate_all("ts => ts.map(t => t.textContent)")
    check(any(t.startswith("demo/make.text@") for t in labels), "the lineage shows make's text upstream")
    check(any(t.startswith("make") for t in labels) and any(t.startswith("shout") for t in labels),
          "and the step runs that made them")
    page.locator("#lineage a", has_text="demo/make.text").first.click()
    page.wait_for_url("**/artifacts/*")
    check("demo/make.text@" in page.locator("h1").inner_text(), "a lineage node opens that artifact")
    page.screenshot(path=shots + "/artifact.png", full_page=True)

    # Authors: a link added in the page is saved to the links file.
    page.goto(base + "/authors")
    page.fill("#author-demo input[name=add]", "https://github.com/ada/notes")
    page.click("#author-demo button[name=save]")
    expect(page.locator("#author-demo .action-result")).to_contain_text("saved 2 links", timeout=30_000)
    check("https://github.com/ada/notes" in page.input_value("#author-demo textarea"), "the added link is in the list")
    page.screenshot(path=shots + "/authors.png", full_page=True)

    # Models and the chat box: with no /rag route, the question goes to the served model's chat API, streamed.
    page.goto(base + "/models")
    check(page.locator("section.model#model-twin tbody tr").count() == 1, "the registry lists twin's version")
    page.fill("#chat-form input[name=question]", "What does Ada write about?")
    page.click("#chat-form button")
    expect(page.locator("#chat-messages .question").last).to_have_text("What does Ada write about?")
    page.wait_for_function("() => document.querySelector('#chat-messages .answer').textContent.length > 0", timeout=120_000)
    check(page.locator("#chat-messages .answer.error").count() == 0,
          "the chat answer streams in from the served model: " + page.locator("#chat-messages .answer").last.inner_text())
    page.screenshot(path=shots + "/models.png", full_page=True)

    check(not errors, "no script errors: " + json.dumps(errors))
    browser.close()

sys.exit(1 if failures else 0)
