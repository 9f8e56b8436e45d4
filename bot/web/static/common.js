// Shared helpers. Everything a user or an article says goes into the page as text nodes,
// never as HTML.
"use strict";

// Hotline numbers and landlines in an answer become tap-to-call links.
const PHONE_NUMBER = /(\b12393\b|\b12333\b|\b12345\b|\b0\d{2,3}-\d{7,8}\b)/;
const REQUEST_TIMEOUT_MS = 20000;

const YB = {
  // JSON from the API. A failure throws an Error whose message is Chinese and fit to show, with
  // .status (0 when the server could not be reached) and .retryAfter (seconds, for a 429).
  timeoutMs: REQUEST_TIMEOUT_MS,

  async api(path, body, headers = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), YB.timeoutMs);
    const options = {signal: controller.signal, headers: {...headers}};
    if (body !== undefined) {
      options.method = "POST";
      options.headers["content-type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      throw YB.failure(0, controller.signal.aborted ? "等了太久还没有回应，请稍后重试。" : "连接不上服务器，请检查网络后重试。");
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const wait = Number(response.headers.get("retry-after")) || 0;
      let text = data && data.detail && data.detail.zh ? data.detail.zh : "服务暂时不可用，请稍后再试。";
      if (response.status === 429) text = `请求太频繁，请${wait ? ` ${wait} 秒` : "稍"}后再试。`;
      throw YB.failure(response.status, text, wait);
    }
    return data;
  },

  failure(status, message, retryAfter = 0) {
    const error = new Error(message);
    error.status = status;
    error.retryAfter = retryAfter;
    return error;
  },

  dateText(date) { return date || "日期不详"; },

  // "text 12393 text" → text nodes and <a href="tel:12393"> links.
  withPhoneLinks(text) {
    const fragment = document.createDocumentFragment();
    for (const part of text.split(PHONE_NUMBER)) {
      if (!part) continue;
      if (PHONE_NUMBER.test(part)) {
        fragment.append(YB.el("a", {class: "tel", href: `tel:${part.replace(/-/g, "")}`, "aria-label": `拨打 ${part}`}, part));
      } else {
        fragment.append(document.createTextNode(part));
      }
    }
    return fragment;
  },

  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child));
    return node;
  },

  // Answer text with its [n] marks turned into buttons that open the cited article's card.
  answerNodes(text, citations, onCite) {
    const fragment = document.createDocumentFragment();
    for (const line of text.split("\n")) {
      const p = YB.el("p", {class: line.startsWith("·") ? "bullet" : "line"});
      for (const part of line.split(/(\[\d+\])/)) {
        const match = part.match(/^\[(\d+)\]$/);
        const citation = match && citations.find(c => c.n === Number(match[1]));
        if (citation) {
          p.append(YB.el("button", {type: "button", class: "cite", "aria-label": `查看来源 ${citation.n}：${citation.title}`,
                                    onclick: () => onCite(citation)}, `[${citation.n}]`));
        } else if (part) {
          p.append(YB.withPhoneLinks(part));
        }
      }
      fragment.append(p);
    }
    return fragment;
  },

  citationCard() {
    let dialog = document.getElementById("cite-card");
    if (dialog) return dialog;
    dialog = YB.el("dialog", {id: "cite-card", "aria-labelledby": "cite-title"},
      YB.el("form", {method: "dialog", class: "card-close"},
        YB.el("button", {id: "cite-close", class: "close", "aria-label": "关闭来源"}, "✕ 关闭")),
      YB.el("h2", {id: "cite-title"}),
      YB.el("p", {id: "cite-meta", class: "meta"}),
      YB.el("blockquote", {id: "cite-snippet"}),
      YB.el("p", {}, YB.el("a", {id: "cite-link", target: "_blank", rel: "noopener noreferrer", hidden: ""}, "打开原文")));
    // a tap outside the card (on the backdrop, which belongs to the dialog element) closes it
    dialog.addEventListener("click", event => {
      const box = dialog.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (event.target === dialog && !inside) dialog.close();
    });
    document.body.append(dialog);
    return dialog;
  },

  showCitation(citation) {
    const dialog = YB.citationCard();
    dialog.querySelector("#cite-title").textContent = `[${citation.n}] ${citation.title}`;
    dialog.querySelector("#cite-meta").textContent = `${citation.source}　${YB.dateText(citation.date)}`;
    dialog.querySelector("#cite-snippet").textContent = citation.snippet;
    const link = dialog.querySelector("#cite-link");
    if (citation.url && /^https?:\/\//.test(citation.url)) {
      link.href = citation.url; link.hidden = false;
    } else {
      link.removeAttribute("href"); link.hidden = true;
    }
    dialog.showModal();
    dialog.querySelector("#cite-close").focus();
  },

  // Text with ranges marked: [[start, end], …] → text nodes and <mark> elements.
  markedNodes(text, marks) {
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of marks) {
      if (start > at) fragment.append(document.createTextNode(text.slice(at, start)));
      fragment.append(YB.el("mark", {}, text.slice(start, end)));
      at = end;
    }
    fragment.append(document.createTextNode(text.slice(at)));
    return fragment;
  },

  async fillCities(datalist) {
    try {
      for (const name of await YB.api("/api/cities")) datalist.append(YB.el("option", {value: name}));
    } catch (e) { /* the picker still takes typed names */ }
  },

  // A conversation the server issued (POST /api/sessions), kept in localStorage under
  // storageKey when one is given. A turn the server refuses with 404 (the session expired or the
  // store was wiped) starts a new conversation and is sent once more.
  conversation(storageKey = null) {
    let id = storageKey ? localStorage.getItem(storageKey) : null;
    return {
      get id() { return id; },
      async renew() {
        id = (await YB.api("/api/sessions", {})).session_id;
        if (storageKey) localStorage.setItem(storageKey, id);
        return id;
      },
      forget() { id = null; if (storageKey) localStorage.removeItem(storageKey); },
      async post(path, body) {
        if (!id) await this.renew();
        try {
          return await YB.api(path, {session_id: id, ...body});
        } catch (e) {
          if (e.status !== 404) throw e;
          await this.renew();
          return YB.api(path, {session_id: id, ...body});
        }
      },
    };
  },
};
