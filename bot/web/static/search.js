// The FAQ search page. What it does:
// · suggestions while one types in the query box, and only there: they close on Escape, on
//   leaving the box and on searching, and a late answer from the server never reopens them;
// · the search lives in the address (/search?q=…&city=…&topic=…), so a link to it runs it and
//   Back returns to the previous search;
// · results are grouped by article, each leading to the article's page;
// · with no query, or when nothing is found, the page offers popular questions and the topics.
"use strict";

const form = document.getElementById("search-form");
const queryBox = document.getElementById("q");
const cityBox = document.getElementById("city");
const topicBox = document.getElementById("topic");
const suggestionList = document.getElementById("suggestions");
const statusLine = document.getElementById("status");

const UNKNOWN_DATE = "日期不详";
const NOTHING_FOUND = "没有找到与医保个人账户相关的内容。";
const NOTHING_HERE = "这个城市和主题下没有找到相关内容，可以把城市或主题改回“全部”再试。";

function dateText(date) { return date || UNKNOWN_DATE; }
function placeOf(hit) { return hit.city || hit.province || "全国"; }

// ---- suggestions ---------------------------------------------------------------------------

const suggesting = {timer: null, round: 0, active: -1};

function closeSuggestions() {
  suggestionList.hidden = true;
  suggestionList.replaceChildren();
  queryBox.setAttribute("aria-expanded", "false");
  queryBox.removeAttribute("aria-activedescendant");
  suggesting.active = -1;
}

// Closes the list and drops whatever is still on its way: a pending keystroke timer, a request.
function stopSuggesting() {
  clearTimeout(suggesting.timer);
  suggesting.round += 1;
  closeSuggestions();
}

function showSuggestions(items) {
  suggestionList.replaceChildren(...items.map((text, i) => YB.el("li", {
    role: "option", id: `sug-${i}`, class: "suggestion", "aria-selected": "false",
    onmousedown: event => { event.preventDefault(); pickSuggestion(text); },
  }, text)));
  suggestionList.hidden = items.length === 0;
  queryBox.setAttribute("aria-expanded", String(items.length > 0));
}

async function loadSuggestions() {
  const typed = queryBox.value.trim();
  const round = ++suggesting.round;
  if (!typed) { closeSuggestions(); return; }
  let items = [];
  try { items = await YB.api(`/api/suggest?q=${encodeURIComponent(typed)}`); } catch (e) { items = []; }
  const stillWanted = round === suggesting.round && document.activeElement === queryBox;
  if (stillWanted) showSuggestions(items);
}

function pickSuggestion(text) {
  queryBox.value = text;
  submitSearch();
}

function moveActive(step) {
  const options = [...suggestionList.children];
  suggesting.active = (suggesting.active + step + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === suggesting.active)));
  queryBox.setAttribute("aria-activedescendant", options[suggesting.active].id);
}

function onQueryKey(event) {
  if (event.key === "Escape") {
    event.preventDefault();  // a search box would otherwise empty itself
    stopSuggesting();
    return;
  }
  const options = [...suggestionList.children];
  if (suggestionList.hidden || options.length === 0) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    moveActive(event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Enter" && suggesting.active >= 0) {
    event.preventDefault();
    pickSuggestion(options[suggesting.active].textContent);
  }
}

function onQueryInput() {
  clearTimeout(suggesting.timer);
  suggesting.timer = setTimeout(loadSuggestions, 150);
}

// ---- the search in the address -------------------------------------------------------------

function paramsFromForm() {
  const params = new URLSearchParams();
  const fields = {q: queryBox.value.trim(), city: cityBox.value.trim(), topic: topicBox.value};
  for (const [name, value] of Object.entries(fields)) if (value) params.set(name, value);
  return params;
}

function fillForm(params) {
  queryBox.value = params.get("q") || "";
  cityBox.value = params.get("city") || "";
  const topic = params.get("topic") || "";
  topicBox.value = [...topicBox.options].some(o => o.value === topic) ? topic : "";
}

// Shows the search ``params`` describe and records it in the history (a new entry when it differs).
function goTo(params) {
  fillForm(params);
  const address = params.toString() ? `/search?${params}` : "/search";
  if (`${location.pathname}${location.search}` !== address) history.pushState(null, "", address);
  showSearch(params);
}

function submitSearch() {
  stopSuggesting();
  const params = paramsFromForm();
  if (!params.get("q")) { statusLine.textContent = "请先输入要搜的问题。"; return; }
  goTo(params);
}

function showFromAddress() {
  stopSuggesting();
  const params = new URLSearchParams(location.search);
  fillForm(params);
  showSearch(params);
}

// A link to another search on this page (a popular question, a topic) runs it without reloading.
function onSearchLink(event) {
  const link = event.target.closest("a[href^='/search?']");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const params = new URL(link.href).searchParams;
  if (!params.get("city") && cityBox.value.trim()) params.set("city", cityBox.value.trim());
  goTo(params);
}

// ---- showing a search ----------------------------------------------------------------------

let searchRound = 0;

function showStart(visible) {
  document.getElementById("start").hidden = !visible;
  if (visible) loadPopular();
}

function clearResults() {
  showDirect(null);
  document.getElementById("results").replaceChildren();
  document.getElementById("nothing").hidden = true;
}

async function showSearch(params) {
  const round = ++searchRound;
  clearResults();
  if (!params.get("q")) { statusLine.textContent = ""; showStart(true); return; }
  showStart(false);
  statusLine.textContent = "搜索中…";
  const request = new URLSearchParams(params);
  request.set("k", "12");
  try {
    const data = await YB.api(`/api/search?${request}`);
    if (round === searchRound) showData(data, params);
  } catch (e) {
    if (round === searchRound) statusLine.textContent = e.message;
  }
}

function showData(data, params) {
  const groups = groupByArticle(data.hits);
  if (groups.length === 0) {
    const filtered = data.no_match_reason === "filtered" && (params.get("city") || params.get("topic"));
    statusLine.textContent = filtered ? NOTHING_HERE : NOTHING_FOUND;
    document.getElementById("nothing").hidden = Boolean(filtered);
    showStart(true);
    return;
  }
  showDirect(data.direct_answer);
  showResults(groups);
  statusLine.textContent = `找到 ${groups.length} 篇相关文章`;
}

function showDirect(direct) {
  const box = document.getElementById("direct");
  if (!direct) { box.hidden = true; box.replaceChildren(); return; }
  const openCitation = citation => YB.showCitation({...citation, date: dateText(citation.date)});
  box.replaceChildren(YB.el("h2", {}, "简要回答"), YB.answerNodes(direct.answer, direct.citations, openCitation));
  box.hidden = false;
}

// Passages of one article become one entry, in the order of the article's best passage.
function groupByArticle(hits) {
  const groups = new Map();
  for (const hit of hits) {
    if (!groups.has(hit.article_id)) groups.set(hit.article_id, []);
    groups.get(hit.article_id).push(hit);
  }
  return [...groups.values()];
}

function showResults(groups) {
  document.getElementById("results").replaceChildren(...groups.map(resultEntry));
}

function resultEntry(hits) {
  const first = hits[0];
  const address = `/articles/${encodeURIComponent(first.article_id)}`;
  const places = [placeOf(first), ...first.also_for].join("、");
  return YB.el("li", {class: "card result"},
    YB.el("h3", {class: "result-title"}, YB.el("a", {href: address}, first.title)),
    YB.el("p", {class: "meta result-meta"},
      YB.el("span", {class: "result-place"}, places),
      YB.el("span", {class: "result-source"}, first.source),
      YB.el("span", {class: "result-date"}, dateText(first.date))),
    YB.el("ul", {class: "result-sections"}, ...hits.map(sectionEntry)));
}

function sectionEntry(hit) {
  const item = YB.el("li", {class: "result-section"});
  if (hit.section_heading) item.append(YB.el("h4", {class: "section-name"}, hit.section_heading));
  const snippet = YB.el("p", {class: "snippet"});
  snippet.append(YB.markedNodes(hit.snippet, hit.marks));
  item.append(snippet);
  return item;
}

// ---- popular questions ---------------------------------------------------------------------

let popularLoaded = false;

async function loadPopular() {
  if (popularLoaded) return;
  popularLoaded = true;
  let questions = [];
  try { questions = await YB.api("/api/popular"); } catch (e) { popularLoaded = false; return; }
  document.getElementById("popular").replaceChildren(...questions.map(text => YB.el("li", {},
    YB.el("a", {class: "popular-question", href: `/search?q=${encodeURIComponent(text)}`}, text))));
}

// ---- wiring --------------------------------------------------------------------------------

queryBox.addEventListener("input", onQueryInput);
queryBox.addEventListener("keydown", onQueryKey);
queryBox.addEventListener("blur", stopSuggesting);
form.addEventListener("submit", event => { event.preventDefault(); submitSearch(); });
document.getElementById("start").addEventListener("click", onSearchLink);
window.addEventListener("popstate", showFromAddress);
YB.fillCities(document.getElementById("city-list"));
showFromAddress();
