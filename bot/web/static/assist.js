// The hotline agent-assist screen: topic, city, key facts, a script to read, warnings, sources.
"use strict";

const call = YB.conversation();

async function analyse(text) {
  const status = document.getElementById("status");
  status.textContent = "分析中…";
  try {
    const data = await call.post("/api/assist", {message: text, city: null});
    document.getElementById("topic").textContent = `主题：${data.topic}`;
    document.getElementById("city").textContent = data.to_city
      ? `转出地：${data.city || "未知"} → 转入地：${data.to_city}`
      : `参保城市：${data.city || "未知"}`;
    document.getElementById("facts").replaceChildren(...data.facts.map(f => {
      const li = YB.el("li");
      li.append(YB.answerNodes(`${f.text}${f.refs.map(n => `[${n}]`).join("")}`, data.citations, YB.showCitation));
      return li;
    }));
    document.getElementById("script").textContent = data.script;
    document.getElementById("warnings").replaceChildren(...(data.warnings.length ? data.warnings : ["无"]).map(w => YB.el("li", {}, w)));
    document.getElementById("sources").replaceChildren(...data.citations.map(c => YB.el("li", {},
      YB.el("button", {type: "button", class: "source", onclick: () => YB.showCitation(c)}, `[${c.n}] ${c.title}（${c.date}）`))));
    document.getElementById("panel").hidden = false;
    status.textContent = "";
  } catch (e) {
    status.textContent = e.message;
  }
}

document.getElementById("assist-form").addEventListener("submit", event => {
  event.preventDefault();
  const text = document.getElementById("caller").value.trim();
  if (text) analyse(text);
});
document.getElementById("copy").addEventListener("click", async () => {
  const note = document.getElementById("copied");
  try {
    await navigator.clipboard.writeText(document.getElementById("script").textContent);
    note.textContent = "已复制";
  } catch (e) {
    note.textContent = "复制失败，请手动选择文字";
  }
});
document.getElementById("new-call").addEventListener("click", () => {
  call.forget();
  document.getElementById("panel").hidden = true;
  document.getElementById("caller").value = "";
  document.getElementById("status").textContent = "已开始新来电";
});
