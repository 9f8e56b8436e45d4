// The FAQ search box: suggestions as one types, ranked passages with the query words marked,
// filters by city and topic, and a direct answer card when the question matches well.
"use strict";

const q = document.getElementById("q");
const list = document.getElementById("suggestions");
let timer = null;
let active = -1;

function closeSuggestions() { list.hidden = true; q.setAttribute("aria-expanded", "false"); active = -1; }

function pick(text) { q.value = text; closeSuggestions(); search(); }

async function loadSuggestions() {
  const typed = q.value.trim();
  if (!typed) { closeSuggestions(); return; }
  let items = [];
  try { items = await YB.api(`/api/suggest?q=${encodeURIComponent(typed)}`); } catch (e) { items = []; }
  list.replaceChildren(...items.map((text, i) => YB.el("li", {role: "option", id: `sug-${i}`, class: "suggestion",
    onmousedown: event => { event.preventDefault(); pick(text); }}, text)));
  list.hidden = items.length === 0;
  q.setAttribute("aria-expanded", String(items.length > 0));
}

q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(loadSuggestions, 150); });
q.addEventListener("keydown", event => {
  const options = [...list.children];
  if (list.hidden || options.length === 0) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    active = (active + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    q.setAttribute("aria-activedescendant", options[active].id);
  } else if (event.key === "Enter" && active >= 0) {
    event.preventDefault(); pick(options[active].textContent);
  } else if (event.key === "Escape") {
    closeSuggestions();
  }
});
q.addEventListener("blur", () => setTimeout(closeSuggestions, 100));

async function search() {
  const text = q.value.trim();
  if (!text) return;
  closeSuggestions();
  const params = new URLSearchParams({q: text, k: "8"});
  const city = document.getElementById("city").value.trim();
  const topic = document.getElementById("topic").value;
  if (city) params.set("city", city);
  if (topic) params.set("topic", topic);
  const status = document.getElementById("status");
  status.textContent = "搜索中…";
  try {
    const data = await YB.api(`/api/search?${params}`);
    showDirect(data.direct_answer);
    showHits(data.hits);
    status.textContent = data.hits.length ? `找到 ${data.hits.length} 条相关内容` : "没有找到相关内容，可以换个说法，或拨打 12393 咨询。";
  } catch (e) {
    status.textContent = e.message;
  }
}

function showDirect(direct) {
  const box = document.getElementById("direct");
  if (!direct) { box.hidden = true; box.replaceChildren(); return; }
  box.replaceChildren(YB.el("h2", {}, "直接回答"), YB.answerNodes(direct.answer, direct.citations, YB.showCitation));
  box.hidden = false;
}

function showHits(hits) {
  const results = document.getElementById("results");
  results.replaceChildren(...hits.map(hit => {
    const place = [hit.city || hit.province || "全国", ...hit.also_for].join("、");
    const snippet = YB.el("p", {class: "snippet"});
    snippet.append(YB.markedNodes(hit.snippet, hit.marks));
    return YB.el("li", {class: "card"},
      YB.el("h3", {}, `${hit.title} · ${hit.heading}`),
      YB.el("p", {class: "meta"}, `${place}　${hit.source}　${hit.date}　相关度 ${hit.score.toFixed(3)}`),
      snippet);
  }));
}

document.getElementById("search-form").addEventListener("submit", event => { event.preventDefault(); search(); });
YB.fillCities(document.getElementById("city-list"));
