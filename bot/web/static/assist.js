// The hotline agent's screen during a live call. The agent types what the caller says; the page
// shows the topic, the places and insurance type the bot read (editable: a correction analyses the
// same words again), the key facts, a script to read aloud, warnings, sources and the call so far.
// Everything from the caller or an article goes into the page as text.
"use strict";

const $ = id => document.getElementById(id);
const INSURANCE_NAMES = {employee: "职工医保", resident: "居民医保"};
const TURNS_SHOWN = 5;

let call = YB.conversation();
let requestNo = 0;        // only the newest request may fill the screen; 新来电 bumps it too
let question = null;      // the caller's words last analysed, sent again after a correction
let turns = [];           // this call's turns, oldest first: {message, topic}
let fullScript = "";      // the script as the server wrote it, facts included, for the copy button
const edited = new Set(); // place fields the agent changed since the last result

// ---- talking to the server --------------------------------------------------------------

// One turn of `conversation` (the call it was asked in, even if 新来电 has been pressed since).
// YB.conversation gives a session the server no longer knows (404) a new one and one more try;
// a failure carries .status (0 when the server could not be reached) and .retryAfter.
function postTurn(conversation, body) {
  return conversation.post("/api/assist", body);
}

// ---- the place fields ---------------------------------------------------------------------

function fieldValues() {
  const toCity = $("to-city-box").hidden ? "" : $("f-to-city").value.trim();
  return {city: $("f-city").value.trim() || null, to_city: toCity || null, insurance: $("f-insurance").value};
}

// Only the fields the agent touched: a new sentence from the caller may name a new city itself.
function editedValues() {
  const values = fieldValues();
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => edited.has(name) && value));
}

function fillFields(data) {
  $("f-city").value = data.city || "";
  $("f-to-city").value = data.to_city || "";
  $("to-city-box").hidden = !(data.intent === "transfer" || data.to_city);
  $("f-insurance").value = data.insurance || "unknown";
  edited.clear();
}

function emptyFields() {
  $("f-city").value = "";
  $("f-to-city").value = "";
  $("to-city-box").hidden = true;
  $("f-insurance").value = "unknown";
  edited.clear();
}

// ---- showing a result ---------------------------------------------------------------------

function datedCitation(citation) {
  return {...citation, date: citation.date || "日期不详"};
}

function showSource(citation) {
  YB.showCitation(datedCitation(citation));
}

function renderFacts(data) {
  const items = data.facts.map(fact => {
    const marks = fact.refs.map(n => `[${n}]`).join("");
    return YB.el("li", {}, YB.answerNodes(`${fact.text}${marks}`, data.citations, showSource));
  });
  $("facts").replaceChildren(...items);
  $("facts-card").hidden = items.length === 0;
}

// The script without the facts: they are read from 要点, so the script keeps its opening and
// closing lines and says where the facts go. The copy button still copies the whole script.
function renderScript(data) {
  const facts = new Set(data.facts.map(f => f.text.trim()));
  const nodes = [];
  let pointed = false;
  for (const line of data.script.split("\n").map(l => l.trim()).filter(Boolean)) {
    if (!facts.has(line)) {
      nodes.push(YB.el("p", {}, line));
    } else if (!pointed) {
      const which = facts.size === 1 ? "读「要点」第 1 条" : `逐条读「要点」第 1–${facts.size} 条`;
      nodes.push(YB.el("p", {class: "read-facts"}, `→ ${which}`));
      pointed = true;
    }
  }
  $("script").replaceChildren(...nodes);
  fullScript = data.script;
  $("copied").textContent = "";
}

function renderWarnings(warnings) {
  $("warnings").replaceChildren(...warnings.map(w => YB.el("li", {}, w)));
  $("warn-card").hidden = warnings.length === 0;
}

function sourceLabel(citation) {
  return `[${citation.n}] ${citation.title}（${citation.date || "日期不详"}）`;
}

function renderSources(citations) {
  $("sources").replaceChildren(...citations.map(c => YB.el("li", {},
    YB.el("button", {type: "button", class: "source", onclick: () => showSource(c)}, sourceLabel(c)))));
  $("no-sources").hidden = citations.length > 0;
}

function renderTurns() {
  const shown = turns.slice(-TURNS_SHOWN);
  $("turns").replaceChildren(...shown.map((turn, i) => {
    const current = i === shown.length - 1;
    return YB.el("li", current ? {class: "current", "aria-current": "true"} : {},
      YB.el("span", {class: "tag"}, turn.topic), " ", turn.message);
  }));
}

function summary(data) {
  const parts = [data.topic, `参保城市 ${data.city || "未知"}`];
  if (data.to_city) parts.push(`转入城市 ${data.to_city}`);
  if (data.insurance) parts.push(INSURANCE_NAMES[data.insurance] || data.insurance);
  return `已分析：${parts.join("，")}`;
}

function showResult(data) {
  $("topic").textContent = `主题：${data.topic}`;
  fillFields(data);
  renderFacts(data);
  renderScript(data);
  renderWarnings(data.warnings);
  renderSources(data.citations);
  renderTurns();
  $("notice").hidden = true;
  $("panel").hidden = false;
  $("reanalyse").disabled = false;
  $("status").textContent = summary(data);
  $("h-result").focus();
}

function clearResults() {
  $("panel").hidden = true;
  for (const id of ["facts", "script", "warnings", "sources", "turns"]) $(id).replaceChildren();
  for (const id of ["topic", "copied"]) $(id).textContent = "";
  fullScript = "";
}

// ---- errors -------------------------------------------------------------------------------

function waitText(seconds) {
  return seconds ? `请 ${seconds} 秒后重试` : "请稍后重试";
}

function noticeFor(error) {
  switch (true) {
    case error.status === 0: return "连不上服务，结果已清空，请检查网络后重试";
    case error.status === 429: return `请求太频繁，结果已清空，${waitText(error.retryAfter)}`;
    case error.status === 404: return "找不到服务（404），结果已清空，请稍后重试或联系管理员";
    case error.status === 422: return `${error.message || "输入有误。"}结果已清空，请改正后重试`;
    default: return `服务暂时不可用，结果已清空，${waitText(error.retryAfter)}`;
  }
}

function showFailure(error) {
  clearResults();
  $("status").textContent = "";
  $("notice").textContent = noticeFor(error);
  $("notice").hidden = false;
}

// ---- actions ------------------------------------------------------------------------------

// Analyse the caller's words; `correction` sends every place field, a new sentence only the
// fields the agent edited. A correction stands in for the turn it corrects in 本次通话.
async function analyse(text, correction = false) {
  const mine = ++requestNo;
  const overrides = correction ? fieldValues() : editedValues();
  $("status").textContent = "分析中…";
  $("panel").setAttribute("aria-busy", "true");
  let data;
  try {
    data = await postTurn(call, {message: text, ...overrides});
  } catch (error) {
    if (mine === requestNo) showFailure(error);
    return;
  } finally {
    if (mine === requestNo) $("panel").removeAttribute("aria-busy");
  }
  if (mine !== requestNo) return;  // a newer question, or a new call, has taken the screen
  question = text;
  hideNumbers(text, data.message);
  if (correction && turns.length) turns.pop();
  turns.push({message: data.message, topic: data.topic});
  showResult(data);
}

// Personal numbers the caller gave stay off the screen: the text box shows the words as the
// server stored them (masked), unless the agent has typed on since.
function hideNumbers(typed, masked) {
  const box = $("caller");
  if (masked && box.value.trim() === typed && masked !== typed) box.value = masked;
}

function newCall() {
  requestNo += 1;
  call = YB.conversation();
  question = null;
  turns = [];
  clearResults();
  emptyFields();
  $("reanalyse").disabled = true;
  $("notice").hidden = true;
  $("caller").value = "";
  $("status").textContent = "已开始新来电";
  $("caller").focus();
}

async function copyScript() {
  const note = $("copied");
  try {
    await navigator.clipboard.writeText(fullScript);
    note.textContent = "已复制";
  } catch (e) {
    note.textContent = "复制失败，请手动选择文字";
  }
}

// Enter or Ctrl+Enter analyses; Shift+Enter is a new line; Enter that ends an IME composition
// only picks the characters.
function onCallerKey(event) {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  $("assist-form").requestSubmit();
}

function onFieldEdited(event) {
  if (event.target.name) edited.add(event.target.name);
}

$("assist-form").addEventListener("submit", event => {
  event.preventDefault();
  const text = $("caller").value.trim();
  if (text) analyse(text);
});
$("place-form").addEventListener("submit", event => {
  event.preventDefault();
  if (question) analyse(question, true);
});
$("place-form").addEventListener("input", onFieldEdited);
$("f-insurance").addEventListener("change", () => { if (question) analyse(question, true); });
$("caller").addEventListener("keydown", onCallerKey);
$("copy").addEventListener("click", copyScript);
$("new-call").addEventListener("click", newCall);
YB.fillCities($("city-list"));
