// The WeChat-style chat widget: bubbles, typing indicator, quick replies, city picker,
// citation cards, feedback, and the conversation kept across a page reload.
"use strict";

const STARTERS = ["医保卡里的钱能给家人用吗？", "医保个人账户的钱能取出来吗？", "换城市工作，医保怎么转？", "医保卡余额怎么查？"];
const conversation = YB.conversation("yb-session");
const store = {
  get history() { try { return JSON.parse(localStorage.getItem("yb-history")) || []; } catch (e) { return []; } },
  save(history) { localStorage.setItem("yb-history", JSON.stringify(history.slice(-60))); },
};
const log = document.getElementById("log");
const msg = document.getElementById("msg");
const cityInput = document.getElementById("city");
let history = store.history;
let busy = false;

function scrollDown() { log.scrollTop = log.scrollHeight; }

function userBubble(text) {
  log.append(YB.el("div", {class: "row user"}, YB.el("div", {class: "bubble", "aria-label": "我说"}, text)));
}

function botBubble(entry) {
  const bubble = YB.el("div", {class: "bubble", "aria-label": "小助手说"});
  bubble.append(YB.answerNodes(entry.answer, entry.citations || [], YB.showCitation));
  if (entry.citations && entry.citations.length) {
    const sources = YB.el("ol", {class: "sources", "aria-label": "来源"});
    for (const c of entry.citations) {
      sources.append(YB.el("li", {}, YB.el("button", {type: "button", class: "source", onclick: () => YB.showCitation(c)},
        `[${c.n}] ${c.title}（${c.date}）`)));
    }
    bubble.append(sources);
  }
  if (entry.turn_id) bubble.append(feedbackButtons(entry));
  log.append(YB.el("div", {class: "row bot"}, YB.el("span", {class: "avatar", "aria-hidden": "true"}, "保"), bubble));
}

function feedbackButtons(entry) {
  const box = YB.el("div", {class: "feedback", role: "group", "aria-label": "这个回答有帮助吗"});
  const note = YB.el("span", {class: "thanks", role: "status"}, entry.feedback ? "谢谢反馈" : "");
  for (const [helpful, label] of [[true, "有帮助"], [false, "没帮助"]]) {
    box.append(YB.el("button", {type: "button", class: "fb", "aria-label": label, onclick: async () => {
      try {
        await YB.api("/api/feedback", {session_id: entry.session_id || conversation.id, turn_id: entry.turn_id, helpful, comment: null});
        entry.feedback = helpful; store.save(history); note.textContent = "谢谢反馈";
      } catch (e) { note.textContent = e.message; }
    }}, label));
  }
  box.append(note);
  return box;
}

function setChips(questions) {
  const chips = document.getElementById("chips");
  chips.replaceChildren(...questions.map(q => YB.el("button", {type: "button", class: "chip", onclick: () => send(q)}, q)));
}

function render(entry) {
  if (entry.role === "user") userBubble(entry.text); else botBubble(entry);
}

async function send(text, city = null) {
  text = text.trim();
  if (!text || busy) return;
  busy = true;
  const entry = {role: "user", text};
  history.push(entry); render(entry); store.save(history); scrollDown();
  document.getElementById("typing").hidden = false;
  try {
    const picked = city || cityInput.value.trim() || null;
    const reply = await conversation.post("/api/chat", {message: text, city: picked});
    const bot = {role: "bot", answer: reply.answer, citations: reply.citations, turn_id: reply.turn_id,
                 session_id: reply.session_id,
                 suggestions: reply.suggestions, city: reply.city};
    history.push(bot); render(bot); store.save(history);
    if (reply.city) cityInput.value = reply.city;
    setChips(reply.suggestions && reply.suggestions.length ? reply.suggestions : STARTERS);
  } catch (e) {
    const bot = {role: "bot", answer: e.message, citations: []};
    history.push(bot); render(bot);
  } finally {
    document.getElementById("typing").hidden = true;
    busy = false; scrollDown();
  }
}

document.getElementById("composer").addEventListener("submit", event => {
  event.preventDefault(); const text = msg.value; msg.value = ""; send(text);
});
msg.addEventListener("keydown", event => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault(); const text = msg.value; msg.value = ""; send(text);
  }
});
document.getElementById("city-form").addEventListener("submit", event => {
  event.preventDefault();
  const city = cityInput.value.trim();
  if (city) send(`我在${city}`, city);  // the bot answers the question already asked, for this city
});

YB.fillCities(document.getElementById("city-list"));
if (history.length === 0) {
  const hello = {role: "bot", answer: "您好，我是医保政策小助手。可以问我：医保个人账户能不能给家人用、能不能取、换城市怎么转、余额怎么查。", citations: []};
  history.push(hello); store.save(history);
}
history.forEach(render);
const last = [...history].reverse().find(e => e.role === "bot" && e.suggestions);
const lastCity = [...history].reverse().find(e => e.role === "bot" && e.city);
if (lastCity) cityInput.value = lastCity.city;
setChips(last && last.suggestions.length ? last.suggestions : STARTERS);
scrollDown();
