// One article's page: /articles/{id} shows what /api/articles/{id} returns — the title, the
// sections, where and when it applies, its public citation and the questions it answers (each a
// link to that search). Everything from the article goes into the page as text.
"use strict";

const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{1,80}$/;
const MAX_QUESTIONS = 8;

function articleIdFromAddress() {
  const match = location.pathname.match(/^\/articles\/([^/]+)\/?$/);
  const id = match ? decodeURIComponent(match[1]) : "";
  return ARTICLE_ID.test(id) ? id : null;
}

function placeText(article) {
  if (article.city && article.province) return `${article.city}（${article.province}）`;
  return article.place;
}

function sectionNodes(section) {
  const text = YB.el("p", {}, section.text);
  if (!section.heading) {
    text.className = "lead";
    return text;
  }
  return YB.el("section", {class: "article-section"}, YB.el("h2", {}, section.heading), text);
}

function showSource(article) {
  document.getElementById("source").textContent = article.source;
  const row = document.getElementById("source-link-row");
  const link = document.getElementById("source-link");
  const linkable = typeof article.url === "string" && /^https?:\/\//i.test(article.url);
  if (linkable) link.href = article.url; else link.removeAttribute("href");
  row.hidden = !linkable;
}

function showQuestions(questions) {
  const shown = questions.slice(0, MAX_QUESTIONS);
  document.getElementById("questions").replaceChildren(...shown.map(text => YB.el("li", {},
    YB.el("a", {href: `/search?q=${encodeURIComponent(text)}`}, text))));
  document.getElementById("related").hidden = shown.length === 0;
}

function showArticle(article) {
  document.title = `${article.title} - 医保政策`;
  document.getElementById("title").textContent = article.title;
  document.getElementById("place").textContent = placeText(article);
  document.getElementById("date").textContent = article.date || "日期不详";
  document.getElementById("sections").replaceChildren(...article.sections.map(sectionNodes));
  showSource(article);
  showQuestions(article.questions);
  document.getElementById("article").hidden = false;
  document.getElementById("status").textContent = "";
}

async function openArticle() {
  const status = document.getElementById("status");
  const id = articleIdFromAddress();
  if (!id) { status.textContent = "找不到这篇文章。"; return; }
  try {
    showArticle(await YB.api(`/api/articles/${encodeURIComponent(id)}`));
  } catch (e) {
    status.textContent = e.message;
  }
}

openArticle();
