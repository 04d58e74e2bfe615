/* Sauda chat widget: a chat button and panel for a business's own site. No dependencies.
   The server puts this widget's config (name, colour, greeting, position, language, whether it is open) in place of
   the placeholder below as JSON; every text of the business's is shown with textContent, never as markup. */
(function () {
  "use strict";
  var config = /*SAUDA_WIDGET_CONFIG*/null;
  if (!config || typeof config !== "object") return;
  var script = document.currentScript;
  var base;
  try { base = new URL(script && script.src ? script.src : "/", location.href).origin; } catch (e) { return; }
  window.__saudaWidgets = window.__saudaWidgets || {};
  if (window.__saudaWidgets[config.public_id]) return;
  window.__saudaWidgets[config.public_id] = true;

  var words = {
    ru: {open: "Открыть чат", close: "Закрыть чат", placeholder: "Напишите сообщение…", send: "Отправить",
         greeting: "Здравствуйте! Чем можем помочь?", closed: "Чат сейчас недоступен. Пожалуйста, загляните позже.",
         offline: "Нет связи, пробуем снова…", failed: "Сообщение не отправлено", chat: "Чат"},
    kk: {open: "Чатты ашу", close: "Чатты жабу", placeholder: "Хабарлама жазыңыз…", send: "Жіберу",
         greeting: "Сәлеметсіз бе! Қалай көмектесе аламыз?", closed: "Чат қазір қолжетімсіз. Кейінірек қайта келіңіз.",
         offline: "Байланыс жоқ, қайта тырысамыз…", failed: "Хабарлама жіберілмеді", chat: "Чат"},
    en: {open: "Open chat", close: "Close chat", placeholder: "Type a message…", send: "Send",
         greeting: "Hello! How can we help?", closed: "The chat is not available right now. Please come back later.",
         offline: "No connection, retrying…", failed: "Message not sent", chat: "Chat"}
  };
  var t = words[config.language] || words.ru;
  var accent = /^#[0-9a-fA-F]{6}$/.test(config.accent_color || "") ? config.accent_color : "#1F6FEB";
  var side = config.position === "left" ? "left" : "right";
  var api = base + "/api/v1/widget/" + encodeURIComponent(config.public_id);
  var storageKey = "sauda.widget." + config.public_id + ".session";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function mount() {
    var host = el("div");
    host.setAttribute("data-sauda-widget", config.public_id);
    var root = host.attachShadow ? host.attachShadow({mode: "open"}) : host;
    var style = el("style");
    style.textContent =
      ":host{all:initial}" +
      ".sw{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f}" +
      ".sw *{box-sizing:border-box}" +
      ".button{width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;background:var(--accent);color:#fff;" +
      "box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;" +
      "margin-" + (side === "right" ? "left" : "right") + ":auto}" +
      ".button svg{width:28px;height:28px;fill:#fff}" +
      ".panel{display:none;flex-direction:column;width:min(360px,calc(100vw - 40px));height:min(520px,calc(100vh - 110px));" +
      "background:#fff;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;margin-bottom:12px}" +
      ".sw.open .panel{display:flex}" +
      ".header{background:var(--accent);color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}" +
      ".name{font-weight:600;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}" +
      ".x{background:transparent;border:0;color:#fff;font-size:20px;cursor:pointer;line-height:1}" +
      ".log{flex:1;overflow-y:auto;padding:12px;background:#f5f6f8;display:flex;flex-direction:column;gap:6px}" +
      ".msg{max-width:85%;padding:8px 10px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
      ".msg.customer{align-self:flex-end;background:var(--accent);color:#fff}" +
      ".msg.bot,.msg.human,.msg.greeting{align-self:flex-start;background:#fff;border:1px solid #e3e5e8}" +
      ".notice{color:#6b7280;text-align:center;font-size:13px;padding:6px}" +
      ".form{display:flex;border-top:1px solid #e3e5e8}" +
      ".form input{flex:1;border:0;padding:12px;font:inherit;outline:none;min-width:0}" +
      ".form button{border:0;background:transparent;color:var(--accent);font:inherit;font-weight:600;padding:0 14px;cursor:pointer}";
    var box = el("div", "sw");
    box.style.setProperty("--accent", accent);
    var panel = el("div", "panel");
    panel.setAttribute("role", "dialog");
    var header = el("div", "header");
    var name = el("div", "name", config.name || t.chat);
    var close = el("button", "x", "×");
    close.type = "button";
    close.setAttribute("aria-label", t.close);
    header.appendChild(name);
    header.appendChild(close);
    var log = el("div", "log");
    log.setAttribute("aria-live", "polite");
    panel.appendChild(header);
    panel.appendChild(log);
    var form = null, input = null;
    if (config.available) {
      log.appendChild(el("div", "msg greeting", config.greeting || t.greeting));
      form = el("form", "form");
      input = el("input");
      input.type = "text";
      input.maxLength = 4000;
      input.placeholder = t.placeholder;
      input.setAttribute("aria-label", t.placeholder);
      var send = el("button", "", t.send);
      send.type = "submit";
      form.appendChild(input);
      form.appendChild(send);
      panel.appendChild(form);
    } else {
      log.appendChild(el("div", "notice closed", t.closed));
    }
    var button = el("button", "button");
    button.type = "button";
    button.setAttribute("aria-label", t.open);
    button.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
    box.appendChild(panel);
    box.appendChild(button);
    root.appendChild(style);
    root.appendChild(box);
    document.body.appendChild(host);

    var started = false, session = null, seen = {}, events = null;
    function toggle(open) {
      box.classList.toggle("open", open);
      button.setAttribute("aria-label", open ? t.close : t.open);
      if (open && config.available && !started) { started = true; start(); }
      if (open && input) input.focus();
    }
    button.addEventListener("click", function () { toggle(!box.classList.contains("open")); });
    close.addEventListener("click", function () { toggle(false); });

    function notice(text, className) {
      var node = el("div", "notice" + (className ? " " + className : ""), text);
      log.appendChild(node);
      log.scrollTop = log.scrollHeight;
      return node;
    }
    function showClosed() {
      if (form) { form.remove(); form = null; }
      if (events) { events.close(); events = null; }
      notice(t.closed, "closed");
    }
    function render(m) {
      if (!m || typeof m.id !== "string") return;
      var node = seen[m.id];
      if (!node) { node = el("div"); seen[m.id] = node; log.appendChild(node); }
      node.className = "msg " + (m.role === "customer" ? "customer" : m.role === "human" ? "human" : "bot");
      node.textContent = String(m.text || "");
      log.scrollTop = log.scrollHeight;
    }
    function wait(seconds) { return new Promise(function (done) { setTimeout(done, seconds * 1000); }); }
    function remember(value) { try { localStorage.setItem(storageKey, value); } catch (e) { /* a page without storage */ } }
    function recall() { try { return localStorage.getItem(storageKey); } catch (e) { return null; } }

    async function newSession() {
      for (;;) {
        try {
          var r = await fetch(api + "/sessions", {method: "POST"});
          if (r.ok) { var body = await r.json(); remember(body.session); return body.session; }
          if (r.status !== 429) { showClosed(); return null; }
          await wait(Number(r.headers.get("Retry-After") || "5"));
        } catch (e) { await wait(5); }
      }
    }
    async function load() {
      try {
        var r = await fetch(api + "/sessions/" + encodeURIComponent(session) + "/messages");
        if (r.ok) { (await r.json()).messages.forEach(render); } else if (r.status === 503 || r.status === 403) { showClosed(); }
      } catch (e) { /* the stream's reconnection tries again */ }
    }
    async function start() {
      session = recall() || await newSession();
      if (!session) return;
      await load();
      if (!form || typeof EventSource === "undefined") return;
      var offline = null;
      events = new EventSource(api + "/sessions/" + encodeURIComponent(session) + "/events");
      events.addEventListener("message", function (e) { try { render(JSON.parse(e.data)); } catch (err) { /* not ours */ } });
      events.onerror = function () {
        if (!offline) offline = notice(t.offline);
        // A stream refused outright (the chat closed meanwhile) is not retried by the browser: ask why.
        if (events && events.readyState === 2) { events = null; load(); }
      };
      events.onopen = function () { if (offline) { offline.remove(); offline = null; load(); } };
    }
    if (form) {
      form.addEventListener("submit", async function (e) {
        e.preventDefault();
        var text = input.value.trim();
        if (!text || !session) return;
        var id = "m" + Date.now().toString(36) + Math.floor(Math.random() * 1e9).toString(36);
        input.value = "";
        render({id: "wc:" + session + ":" + id, role: "customer", text: text});
        try {
          var r = await fetch(api + "/messages", {method: "POST", headers: {"Content-Type": "application/json"},
                                                 body: JSON.stringify({session: session, text: text, id: id})});
          if (r.status === 503 || r.status === 403) { showClosed(); }
          else if (!r.ok) { var body = await r.json().catch(function () { return {}; }); notice((body.error && body.error.reason) || t.failed); }
        } catch (err) { notice(t.failed); }
      });
    }
  }

  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
