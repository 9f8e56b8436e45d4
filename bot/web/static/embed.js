// One script tag embeds the chat widget on any site:
//   <script src="https://your-bot-host/widget.js" defer></script>
(function () {
  "use strict";
  var origin = new URL(document.currentScript.src).origin;
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "医保咨询";
  button.setAttribute("aria-label", "打开医保政策小助手");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 16px;border:0;" +
    "border-radius:24px;background:#07c160;color:#fff;font-size:15px;box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer";
  var frame = document.createElement("iframe");
  frame.src = origin + "/chat";
  frame.title = "医保政策小助手";
  frame.style.cssText = "position:fixed;right:16px;bottom:72px;z-index:2147483000;width:min(380px,calc(100vw - 32px));" +
    "height:min(640px,calc(100vh - 96px));border:0;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.3);display:none";
  button.addEventListener("click", function () {
    var open = frame.style.display === "none";
    frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
