// The editors' review queue (/admin/review): imported drafts and their flagged sentences.
// The operator token stays in sessionStorage and goes out as "Authorization: Bearer …".
"use strict";

const TOKEN_KEY = "yb-review-token";
const KIND_NAMES = {
  contradicts: "与已审规则矛盾",
  unverified: "未经核实的数字",
  off_topic: "离题",
  boilerplate: "网站套话",
};
const DECISION_NAMES = {pending: "待处理", approved: "已通过", rejected: "已驳回"};
const SAVED = "已保存，重新索引后生效";

const loginForm = document.getElementById("login");
const tokenInput = document.getElementById("token");
const logoutButton = document.getElementById("logout");
const notice = document.getElementById("notice");
const statusLine = document.getElementById("status");
const list = document.getElementById("drafts");

// A request to the review API with the token. Failures throw YB.failure errors (Chinese text).
function reviewApi(path, body) {
  return YB.api(path, body, {authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`});
}

function showNotice(text) {
  notice.textContent = text;
  notice.hidden = !text;
}

function signedIn(yes) {
  loginForm.hidden = yes;
  logoutButton.hidden = !yes;
  if (!yes) list.replaceChildren();
}

// A failed request: a refused token sends the editor back to the token form.
function handleFailure(error) {
  if (error.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    signedIn(false);
    showNotice("令牌不对，请检查后重新输入。");
    tokenInput.focus();
  } else if (error.status === 404 && !list.children.length) {
    showNotice("运营页面没有启用（服务器没有设置 BOT_ADMIN_TOKEN）。");
  } else {
    showNotice(error.message);
  }
  statusLine.textContent = "";
}

function placeText(draft) {
  if (draft.city) return draft.province ? `${draft.province} ${draft.city}` : draft.city;
  return draft.province || "全国";
}

function flagItem(draft, flag) {
  const kind = KIND_NAMES[flag.kind] || flag.kind;
  const item = YB.el("li", {class: `flag kind-${flag.kind} decision-${flag.decision}`, "data-n": String(flag.n)},
    YB.el("p", {class: "flag-head"},
      YB.el("span", {class: "flag-n"}, `第 ${flag.n} 条`),
      YB.el("span", {class: "flag-kind"}, kind),
      YB.el("span", {class: "flag-decision"}, DECISION_NAMES[flag.decision] || flag.decision)),
    YB.el("blockquote", {class: "flag-sentence"}, flag.sentence));
  if (flag.why) item.append(YB.el("p", {class: "flag-why"}, `原因：${flag.why}`));
  if (flag.kind === "contradicts" && flag.evidence) {
    item.append(YB.el("div", {class: "flag-evidence"},
      YB.el("p", {class: "meta"}, "已发布文章 ", YB.el("code", {class: "flag-rule"}, flag.rule || "（未注明）"), " 的说法："),
      YB.el("blockquote", {}, flag.evidence)));
  }
  const label = `第 ${flag.n} 条`;
  item.append(YB.el("div", {class: "flag-actions", role: "group", "aria-label": `${label}的决定`},
    YB.el("button", {type: "button", class: "decide approve", "data-key": `${draft.id}:${flag.n}:approve`,
                     "aria-pressed": String(flag.decision === "approved"), "aria-label": `通过${label}`,
                     onclick: () => act(draft, {approve: [flag.n]}, `第 ${flag.n} 条已通过。`)}, "通过"),
    YB.el("button", {type: "button", class: "decide reject", "data-key": `${draft.id}:${flag.n}:reject`,
                     "aria-pressed": String(flag.decision === "rejected"), "aria-label": `驳回${label}`,
                     onclick: () => act(draft, {reject: [flag.n]}, `第 ${flag.n} 条已驳回。`)}, "驳回")));
  return item;
}

function draftItem(draft) {
  const pending = draft.flags.filter(f => f.decision === "pending").length;
  const titleId = `draft-${draft.id}`;
  const publish = YB.el("button", {type: "button", class: "publish", "data-key": `${draft.id}:publish`,
                                   onclick: () => act(draft, {publish: true}, `《${draft.title}》已发布。`)}, "发布");
  const publishNote = YB.el("p", {class: "publish-note meta", id: `${titleId}-note`},
    pending ? `还有 ${pending} 条标记待处理，全部处理完才能发布。` : "标记都已处理，可以发布。");
  if (pending) publish.disabled = true;
  publish.setAttribute("aria-describedby", publishNote.id);
  const flags = draft.flags.length
    ? YB.el("ol", {class: "flags", "aria-label": "被标记的句子"}, ...draft.flags.map(f => flagItem(draft, f)))
    : YB.el("p", {class: "meta"}, "这篇稿件没有被标记的句子。");
  return YB.el("li", {class: "card draft", "data-id": draft.id, "aria-labelledby": titleId},
    YB.el("h2", {id: titleId}, draft.title),
    YB.el("p", {class: "meta draft-meta"},
      YB.el("span", {class: "draft-place"}, placeText(draft)),
      YB.el("span", {class: "draft-date"}, YB.dateText(draft.published)),
      YB.el("span", {class: "draft-source"}, draft.source)),
    YB.el("p", {class: "meta draft-file"}, `文件：${draft.file}　编号：${draft.id}`),
    flags,
    YB.el("div", {class: "publish-row"}, publish, publishNote));
}

// focused: the data-key of the button to give focus back to once the list is redrawn
function render(drafts, focused = null) {
  list.replaceChildren(...drafts.map(draftItem));
  if (!drafts.length) list.append(YB.el("li", {class: "card empty"}, "没有待审稿件。"));
  const again = focused && [...list.querySelectorAll("[data-key]")].find(b => b.dataset.key === focused);
  if (again && !again.disabled) again.focus();
}

async function load(focused = null) {
  statusLine.textContent = "正在读取待审稿件…";
  const drafts = await reviewApi("/api/review");
  signedIn(true);
  render(drafts, focused);
  statusLine.textContent = drafts.length ? `共 ${drafts.length} 篇待审稿件。` : "";
}

async function act(draft, decision, done) {
  // the pressed button keeps the focus across the redraw (buttons are disabled while saving)
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  for (const button of list.querySelectorAll("button")) button.disabled = true;
  statusLine.textContent = "正在保存…";
  try {
    await reviewApi(`/api/review/${encodeURIComponent(draft.id)}`, decision);
    await load(focused);
    showNotice("");
    statusLine.textContent = `${done}${SAVED}。`;
  } catch (error) {
    handleFailure(error);
    if (error.status !== 401) {
      try { await load(focused); } catch (e) { /* the notice already says what went wrong */ }
    }
  }
}

loginForm.addEventListener("submit", async event => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  tokenInput.value = "";
  try {
    await load();
    showNotice("");
  } catch (error) { handleFailure(error); }
});

logoutButton.addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  signedIn(false);
  showNotice("");
  statusLine.textContent = "已退出。";
  tokenInput.focus();
});

if (sessionStorage.getItem(TOKEN_KEY)) {
  load().then(() => showNotice(""), handleFailure);
} else {
  signedIn(false);
}
