// One script tag embeds the chat widget on any site:
//   <script src="https://your-bot-host/widget.js" defer></script>
// The button opens the chat in a frame and moves focus into it; the same button (then labelled
// 关闭), Escape on the host page or in the chat, closes it and gives focus back to the button.
(function () {
  "use strict";
  var origin = new URL(document.currentScript.src).origin;
  var button = document.createElement("button");
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 16px;border:0;" +
    "border-radius:24px;background:#07c160;color:#fff;font-size:15px;box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer";
  var frame = document.createElement("iframe");
  frame.src = origin + "/chat";
  frame.title = "医保政策小助手";
  frame.style.cssText = "position:fixed;right:8px;bottom:72px;z-index:2147483000;width:min(380px,calc(100vw - 16px));" +
    "height:min(640px,calc(100vh - 88px));border:0;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.3);display:none";

  function label(open) {
    button.textContent = open ? "关闭" : "医保咨询";
    button.setAttribute("aria-label", open ? "关闭医保政策小助手" : "打开医保政策小助手");
    button.setAttribute("aria-expanded", String(open));
  }

  function show(open) {
    frame.style.display = open ? "block" : "none";
    label(open);
    if (open) {
      frame.focus();
      frame.contentWindow.postMessage({type: "yb-focus"}, origin);
    } else {
      button.focus();
    }
  }

  function isOpen() { return frame.style.display !== "none"; }

  button.addEventListener("click", function () { show(!isOpen()); });
  frame.addEventListener("load", function () { if (isOpen()) frame.contentWindow.postMessage({type: "yb-focus"}, origin); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && isOpen()) show(false); });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && event.data && event.data.type === "yb-close" && isOpen()) show(false);
  });
  label(false);
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
