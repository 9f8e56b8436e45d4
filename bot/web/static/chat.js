// The WeChat-style chat widget: bubbles, typing indicator, quick replies, city picker, citation
// cards, feedback, 长辈模式, and the conversation kept across a page reload. Only what the server
// returns is kept: the user's words as stored (personal numbers masked), never an error bubble.
"use strict";

const STARTERS = ["医保卡里的钱能给家人用吗？", "医保个人账户的钱能取出来吗？", "换城市工作，医保怎么转？", "医保卡余额怎么查？"];
const HELLO = "您好，我是医保政策小助手。可以问我：医保个人账户能不能给家人用、能不能取、换城市怎么转、余额怎么查。";
const NO_FEEDBACK = new Set(["handoff", "greeting"]);  // nothing to rate in a hand-over or a greeting
const REASONS = ["没回答我的问题", "看不懂", "内容不对"];
const conversation = YB.conversation("yb-session");
const store = {
  get history() { try { return JSON.parse(localStorage.getItem("yb-history")) || []; } catch (e) { return []; } },
  save(history) { localStorage.setItem("yb-history", JSON.stringify(history.slice(-60))); },
  clear() { localStorage.removeItem("yb-history"); },
};
const log = document.getElementById("log");
const msg = document.getElementById("msg");
const cityInput = document.getElementById("city");
const composer = document.getElementById("composer");
let history = store.history;
const queue = [];  // messages typed or tapped while an answer is pending, sent in order
let busy = false;

function speaker(label) { return YB.el("span", {class: "sr-only"}, `${label}：`); }

function userRow(text, pending = false) {
  const bubble = YB.el("div", {class: "bubble"}, speaker("我说"), YB.el("span", {class: "said"}, text));
  return YB.el("div", {class: pending ? "row user pending" : "row user"}, bubble);
}

function botRow(entry) {
  const bubble = YB.el("div", {class: "bubble"}, speaker("小助手说"));
  bubble.append(YB.answerNodes(entry.answer, entry.citations || [], YB.showCitation));
  if (entry.citations && entry.citations.length) {
    const sources = YB.el("ol", {class: "sources", "aria-label": "来源"});
    for (const c of entry.citations) {
      sources.append(YB.el("li", {}, YB.el("button", {type: "button", class: "source", onclick: () => YB.showCitation(c)},
        `[${c.n}] ${c.title}（${YB.dateText(c.date)}）`)));
    }
    bubble.append(sources);
  }
  if (entry.turn_id && !NO_FEEDBACK.has(entry.intent)) bubble.append(feedbackBox(entry));
  return YB.el("div", {class: "row bot"}, YB.el("span", {class: "avatar", "aria-hidden": "true"}, "保"), bubble);
}

function feedbackBox(entry) {
  const box = YB.el("div", {class: "feedback", role: "group", "aria-label": "这个回答有帮助吗"});
  const note = YB.el("span", {class: "thanks", role: "status"});
  const next = YB.el("div", {class: "next-step"});
  const buttons = [[true, "有帮助"], [false, "没帮助"]].map(([helpful, label]) =>
    YB.el("button", {type: "button", class: "fb", "aria-pressed": "false", onclick: () => rate(entry, helpful, null, show)}, label));
  function show() {
    buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(entry.feedback === (i === 0))));
    note.textContent = entry.feedback === undefined ? "" : "谢谢反馈";
    next.replaceChildren(...(entry.feedback === false ? nextSteps(entry, show) : []));
  }
  box.append(...buttons, note);
  show();
  return YB.el("div", {}, box, next);
}

function nextSteps(entry, show) {
  const reasons = REASONS.map(reason => YB.el("button", {type: "button", class: "fb reason",
    "aria-pressed": String(entry.reason === reason), onclick: () => rate(entry, false, reason, show)}, reason));
  const human = YB.el("button", {type: "button", class: "fb", onclick: () => send("转人工")}, "转人工");
  return [YB.el("span", {class: "meta"}, entry.reason ? `已记录：${entry.reason}。还可以：` : "哪里不好？"), ...reasons, human];
}

async function rate(entry, helpful, reason, show) {
  try {
    await YB.api("/api/feedback", {session_id: entry.session_id || conversation.id, turn_id: entry.turn_id, helpful,
                                   comment: reason});
    entry.feedback = helpful;
    entry.reason = helpful ? undefined : reason || entry.reason;
    store.save(history);
    show();
  } catch (e) {
    showNotice(e.message);
  }
}

function setChips(questions) {
  const chips = document.getElementById("chips");
  chips.replaceChildren(...questions.map(q => YB.el("button", {type: "button", class: "chip", onclick: () => send(q)}, q)));
  markChipOverflow();
}

function markChipOverflow() {
  const chips = document.getElementById("chips");
  const more = chips.scrollLeft + chips.clientWidth < chips.scrollWidth - 4;
  document.getElementById("chips-wrap").classList.toggle("more", more);
}

function showNotice(text) {
  const notice = document.getElementById("notice");
  notice.replaceChildren(YB.withPhoneLinks(text));
  notice.hidden = !text;
}

function typingRow() {
  return YB.el("div", {class: "row typing", role: "status"}, YB.el("span", {class: "avatar", "aria-hidden": "true"}, "保"),
    YB.el("span", {class: "dots"}, "小助手正在输入", YB.el("i", {}, "."), YB.el("i", {}, "."), YB.el("i", {}, ".")));
}

// The error stays on screen (never saved) with a 重试 button that sends the same message again.
function errorRow(item, error) {
  const retry = YB.el("button", {type: "button", class: "retry", onclick: () => { row.remove(); queue.unshift(item); pump(); }}, "重试");
  const row = YB.el("div", {class: "row error"}, YB.el("span", {class: "avatar", "aria-hidden": "true"}, "!"),
    YB.el("div", {class: "bubble", role: "alert"}, speaker("提示"), `没有发送成功：${error.message}`, " ", retry));
  return row;
}

function scrollToTop(row) {
  log.scrollTop = Math.max(0, row.offsetTop - 8);  // the answer's first line, not its end
}

function send(text, city = null) {
  text = text.trim();
  if (!text) return;
  const item = {text, city: city || cityInput.value.trim() || null, row: userRow(text, true)};
  log.append(item.row);
  log.scrollTop = log.scrollHeight;
  queue.push(item);
  pump();
}

async function pump() {
  if (busy || queue.length === 0) return;
  busy = true;
  composer.setAttribute("aria-busy", "true");
  const item = queue.shift();
  const typing = typingRow();
  item.row.after(typing);
  typing.scrollIntoView({block: "nearest"});
  try {
    const reply = await conversation.post("/api/chat", {message: item.text, city: item.city});
    typing.remove();
    answered(item, reply);
  } catch (e) {
    typing.remove();
    item.row.after(errorRow(item, e));
  } finally {
    busy = false;
    composer.removeAttribute("aria-busy");
    if (queue.length) pump();
  }
}

function answered(item, reply) {
  item.row.classList.remove("pending");
  item.row.querySelector(".said").textContent = reply.message;  // as stored: personal numbers masked
  const bot = {role: "bot", answer: reply.answer, citations: reply.citations, turn_id: reply.turn_id,
               session_id: reply.session_id, suggestions: reply.suggestions, city: reply.city, intent: reply.intent};
  history.push({role: "user", text: reply.message}, bot);
  store.save(history);
  const row = botRow(bot);
  item.row.after(row);
  if (reply.city) cityInput.value = reply.city;
  setChips(reply.suggestions && reply.suggestions.length ? reply.suggestions : STARTERS);
  showNotice("");
  scrollToTop(row);
}

function render(entry) {
  log.append(entry.role === "user" ? userRow(entry.text) : botRow(entry));
}

function startOver() {
  history = [{role: "bot", answer: HELLO, citations: []}];
  store.clear();
  conversation.forget();
  queue.length = 0;
  log.replaceChildren();
  history.forEach(render);
  cityInput.value = "";
  setChips(STARTERS);
  showNotice("");
  msg.focus();
}

function setElder(on) {
  document.body.classList.toggle("elder", on);
  document.getElementById("elder").setAttribute("aria-pressed", String(on));
  localStorage.setItem("yb-elder", on ? "1" : "0");
  markChipOverflow();
}

function growInput() {
  msg.style.height = "auto";
  msg.style.height = `${Math.min(msg.scrollHeight, 160)}px`;
}

function submitTyped() {
  const text = msg.value;
  msg.value = "";
  growInput();
  send(text);
}

composer.addEventListener("submit", event => { event.preventDefault(); submitTyped(); });
msg.addEventListener("keydown", event => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submitTyped(); }
});
msg.addEventListener("input", growInput);
document.getElementById("city-form").addEventListener("submit", event => {
  event.preventDefault();
  const city = cityInput.value.trim();
  if (city) send(`我在${city}`, city);  // the bot answers the question already asked, for this city
});
document.getElementById("chips").addEventListener("scroll", markChipOverflow);
window.addEventListener("resize", markChipOverflow);
document.getElementById("elder").addEventListener("click", () => setElder(!document.body.classList.contains("elder")));
document.getElementById("human").addEventListener("click", () => send("转人工"));
document.getElementById("clear").addEventListener("click", startOver);

// Inside the embedded widget: the host page's button moves focus here; Escape asks it to close.
if (window.parent !== window) {
  window.addEventListener("message", event => { if (event.data && event.data.type === "yb-focus") msg.focus(); });
  document.addEventListener("keydown", event => {
    if (event.key === "Escape" && !document.querySelector("dialog[open]")) window.parent.postMessage({type: "yb-close"}, "*");
  });
}

async function showOperator() {
  try {
    const about = await YB.api("/api/about");
    document.getElementById("about").textContent = `本服务由${about.operator}提供。${about.notice}`;
  } catch (e) { /* the notice in the page stays */ }
}

YB.fillCities(document.getElementById("city-list"));
showOperator();
setElder(localStorage.getItem("yb-elder") === "1");
// Older versions saved error bubbles and the user's words unmasked: keep only answers, and hide
// any long run of digits a saved message still holds.
history = history.filter(e => e.role === "user" || e.turn_id || e.answer === HELLO)
  .map(e => e.role === "user" ? {...e, text: e.text.replace(/[0-9０-９][0-9０-９\s\-]{5,}[0-9０-９Xx]/g, "[已隐藏]")} : e);
if (history.length === 0) history.push({role: "bot", answer: HELLO, citations: []});
store.save(history);
history.forEach(render);
const last = [...history].reverse().find(e => e.role === "bot" && e.suggestions);
const lastCity = [...history].reverse().find(e => e.role === "bot" && e.city);
if (lastCity) cityInput.value = lastCity.city;
setChips(last && last.suggestions.length ? last.suggestions : STARTERS);
log.scrollTop = log.scrollHeight;
