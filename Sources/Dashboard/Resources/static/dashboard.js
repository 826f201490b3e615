// The dashboard's only script: writes through the JSON API, live regions refreshed on server-sent
// events, streamed step logs, and the chat box. Pages work without it for reading.
"use strict";

const tokenKey = "orchestrate-token";

function headers() {
  const h = { "Content-Type": "application/json" };
  const token = localStorage.getItem(tokenKey);
  if (token) h["Authorization"] = "Bearer " + token;
  return h;
}

async function send(method, url, body) {
  let response = await fetch(url, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    const token = prompt("This server needs its token for changes:");
    if (!token) throw new Error("a token is needed");
    localStorage.setItem(tokenKey, token);
    response = await fetch(url, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
  return data;
}

function report(element, text, failed) {
  const box = element.closest("form, p, section")?.querySelector(".action-result");
  if (box) { box.textContent = text; box.style.color = failed ? "#d64545" : ""; }
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-post]");
  if (!button) return;
  event.preventDefault();
  button.disabled = true;
  try {
    const data = await send("POST", button.dataset.post, button.dataset.body ? JSON.parse(button.dataset.body) : {});
    if (button.dataset.follow && data[button.dataset.follow]) location.href = "/runs/" + data[button.dataset.follow];
    else if (button.dataset.reload) location.reload();
    else report(button, "done");
  } catch (error) { report(button, error.message, true); button.disabled = false; }
});

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.classList.contains("run-form")) {
    event.preventDefault();
    const parameters = {};
    for (const input of form.querySelectorAll("input[name]")) parameters[input.name] = input.value;
    try {
      const data = await send("POST", "/api/pipelines/" + encodeURIComponent(form.dataset.pipeline) + "/runs", { parameters });
      location.href = "/runs/" + data.run_id;
    } catch (error) { report(form, error.message, true); }
  } else if (form.classList.contains("links-form")) {
    event.preventDefault();
    const links = form.links.value.split("\n").map((l) => l.trim()).filter((l) => l);
    if (form.add.value.trim()) links.push(form.add.value.trim());
    try {
      const data = await send("PUT", "/api/authors/" + encodeURIComponent(form.dataset.pipeline) + "/links", { links });
      form.links.value = data.links.join("\n");
      form.add.value = "";
      report(form, "saved " + data.links.length + " links to " + data.file);
    } catch (error) { report(form, error.message, true); }
  }
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.collect");
  if (!button) return;
  try {
    const data = await send("POST", "/api/authors/" + encodeURIComponent(button.dataset.pipeline) + "/collect", {});
    location.href = "/runs/" + data.run_id;
  } catch (error) { report(button, error.message, true); }
});

// Live regions: the server says when something changed; the page fetches itself again and swaps the region.
function followLive() {
  const live = document.getElementById("live");
  if (!live || !live.dataset.live) return;
  const source = new EventSource(live.dataset.live);
  // One refresh at a time; a change that arrives during one asks for another after it.
  let pending = false;
  let again = false;
  const refresh = async () => {
    if (pending) { again = true; return; }
    pending = true;
    try {
      const text = await (await fetch(location.href, { headers: { Accept: "text/html" } })).text();
      const fresh = new DOMParser().parseFromString(text, "text/html").getElementById("live");
      if (fresh) {
        const open = new Set([...live.querySelectorAll("details[open]")].map((d) => d.closest("[data-step]")?.dataset.step));
        live.innerHTML = fresh.innerHTML;
        for (const section of live.querySelectorAll("[data-step]")) {
          if (open.has(section.dataset.step)) section.querySelector("details")?.setAttribute("open", "");
        }
        followLogs();
      }
    } finally {
      pending = false;
      if (again) { again = false; refresh(); }
    }
  };
  source.addEventListener("state", refresh);
  source.addEventListener("end", () => { source.close(); refresh(); });
}

const logStreams = new Map();
function followLogs() {
  for (const pre of document.querySelectorAll("pre[data-log]")) {
    const url = pre.dataset.log;
    if (!url.includes("follow=1")) { logStreams.get(url)?.close(); logStreams.delete(url); continue; }
    logStreams.get(url)?.close();
    const source = new EventSource(url);
    source.onmessage = (message) => { pre.textContent += JSON.parse(message.data).text; pre.scrollTop = pre.scrollHeight; };
    source.addEventListener("end", () => { source.close(); logStreams.delete(url); });
    logStreams.set(url, source);
  }
}

// The chat box: /rag when the server has it (an answer with its sources), else the plain chat API.
async function ask(question, messages) {
  const add = (cls, text) => { const div = document.createElement("div"); div.className = cls; div.textContent = text; messages.appendChild(div); return div; };
  add("question", question);
  const answer = add("answer", "");
  const sources = add("sources", "");
  let response = await fetch("/rag", { method: "POST", headers: headers(), body: JSON.stringify({ question, stream: true }) });
  if (response.status === 404 || response.status === 405) {
    const models = await (await fetch("/v1/models", { headers: headers() })).json().catch(() => ({}));
    const model = models.data?.[0]?.id;
    response = await fetch("/v1/chat/completions", { method: "POST", headers: headers(),
      body: JSON.stringify({ model, messages: [{ role: "user", content: question }], stream: true, max_tokens: 256 }) });
  }
  if (!response.ok) {
    answer.classList.add("error");
    answer.textContent = (await response.json().catch(() => ({}))).error?.message || response.statusText;
    return;
  }
  const show = (data) => {
    if (data.sources) sources.textContent = "Sources: " + data.sources.map((s) => s.link || s.chunk_id).join(" · ");
    const delta = data.choices?.[0]?.delta?.content ?? data.choices?.[0]?.message?.content ?? data.answer ?? "";
    answer.textContent += delta;
  };
  if (!(response.headers.get("content-type") || "").includes("event-stream")) { show(await response.json()); return; }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      for (const line of event.split("\n")) {
        if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
        try { show(JSON.parse(line.slice(6))); } catch (_) {}
      }
    }
    messages.scrollTop = messages.scrollHeight;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  followLive();
  followLogs();
  const chat = document.getElementById("chat-form");
  if (chat) chat.addEventListener("submit", (event) => {
    event.preventDefault();
    const question = chat.question.value.trim();
    if (!question) return;
    chat.question.value = "";
    ask(question, document.getElementById("chat-messages")).catch((error) => alert(error.message));
  });
  const box = document.getElementById("token-box");
  if (box && localStorage.getItem(tokenKey)) {
    box.innerHTML = '<a href="#" id="forget-token">forget token</a>';
    document.getElementById("forget-token").onclick = (e) => { e.preventDefault(); localStorage.removeItem(tokenKey); location.reload(); };
  }
});
