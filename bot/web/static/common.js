// Shared helpers. Everything a user or an article says goes into the page as text nodes,
// never as HTML.
"use strict";

const YB = {
  async api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)};
    const response = await fetch(path, options);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const detail = data && data.detail && data.detail.zh ? data.detail.zh : "服务暂时不可用，请稍后再试。";
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return data;
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
          p.append(document.createTextNode(part));
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
      YB.el("h2", {id: "cite-title"}),
      YB.el("p", {id: "cite-meta", class: "meta"}),
      YB.el("blockquote", {id: "cite-snippet"}),
      YB.el("p", {}, YB.el("a", {id: "cite-link", target: "_blank", rel: "noopener noreferrer", hidden: ""}, "打开原文")),
      YB.el("form", {method: "dialog"}, YB.el("button", {id: "cite-close"}, "关闭")));
    document.body.append(dialog);
    return dialog;
  },

  showCitation(citation) {
    const dialog = YB.citationCard();
    dialog.querySelector("#cite-title").textContent = `[${citation.n}] ${citation.title}`;
    dialog.querySelector("#cite-meta").textContent = `${citation.source}　${citation.date}`;
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
