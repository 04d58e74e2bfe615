// Sauda operator console: live updates over server-sent events, no framework, no build step.
(function () {
  "use strict";

  function fromHTML(html, container) {
    var holder = document.createElement(container || "div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function follow(url, handlers) {
    var source = new EventSource(url);
    var dot = document.querySelector(".live-dot");
    source.onopen = function () { if (dot) dot.classList.add("is-live"); };
    source.onerror = function () { if (dot) dot.classList.remove("is-live"); };
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (event) {
        try { handlers[name](JSON.parse(event.data)); } catch (error) { console.warn("sauda console:", error); }
      });
    });
    window.addEventListener("beforeunload", function () { source.close(); });
    return source;
  }

  // The list of conversations: changed rows are replaced, new ones go on top (on the first page).
  var table = document.getElementById("conversations");
  if (table && window.EventSource) {
    var body = table.tBodies[0];
    follow(table.dataset.live, {
      alerts: setAlertBadge,
      contact: function (data) {
        var row = fromHTML(data.html, "tbody");
        if (!row) return;
        var existing = document.getElementById(row.id);
        if (table.dataset.insert === "yes") {
          // The freshest conversation goes on top, as the list is ordered by activity.
          if (existing) existing.remove();
          body.insertBefore(row, body.firstChild);
          var empty = table.parentNode.querySelector(".empty");
          if (empty) empty.remove();
        } else if (existing) {
          existing.replaceWith(row);
        } else {
          return;
        }
        row.classList.add("is-fresh");
      }
    });
  }
  // A click anywhere on a row opens the conversation.
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("tr[data-href]");
    if (row && !event.target.closest("a, button, form")) window.location.href = row.dataset.href;
  });

  // One conversation: new and updated messages, and the side panel, send box and activity when they change.
  var conversation = document.querySelector(".conversation[data-live]");
  var messages = document.getElementById("messages");
  function scrollDown() { if (messages) messages.scrollTop = messages.scrollHeight; }
  scrollDown();
  if (conversation && window.EventSource) {
    follow(conversation.dataset.live, {
      alerts: setAlertBadge,
      message: function (data) {
        var item = fromHTML(data.html);
        if (!item) return;
        var existing = document.getElementById(item.id);
        if (existing) { existing.replaceWith(item); return; }
        var empty = messages.querySelector(".empty");
        if (empty) empty.remove();
        var nearBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 120;
        item.classList.add("is-fresh");
        messages.appendChild(item);
        if (nearBottom) scrollDown();
      },
      state: function (data) {
        [["panel", "panel"], ["composer", "composer"], ["activity", "activity"]].forEach(function (pair) {
          if (typeof data[pair[0]] !== "string") return;
          var target = document.getElementById(pair[1]);
          if (!target) return;
          if (pair[0] === "composer") {
            var typing = target.querySelector("textarea");
            if (typing && typing.value && document.activeElement === typing) return;
          }
          target.innerHTML = data[pair[0]];
        });
      }
    });
  }

  // The send box: Ctrl+Enter sends.
  document.addEventListener("keydown", function (event) {
    if (event.target.id === "composer-text" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  // Confirmation before deleting.
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    if (button && button.dataset && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  // A chosen file fills the document's name.
  document.addEventListener("change", function (event) {
    if (event.target.type === "file" && event.target.files.length) {
      var name = event.target.form.querySelector("input[name=name]");
      if (name && !name.value) name.value = event.target.files[0].name;
    }
  });

  // The open alerts' badge in the navigation ("needs a human"), on every page: the count now and every 10 s, and
  // from the live stream's `alerts` events on the pages that have one.
  function setAlertBadge(data) {
    var target = document.querySelector("[data-alerts-count]");
    if (!target || !data || typeof data.open !== "number") return;
    target.textContent = data.open > 99 ? "99+" : String(data.open);
    target.hidden = data.open === 0;
  }
  var badge = document.querySelector("[data-alerts-count]");
  if (badge && window.fetch) {
    var refreshBadge = function () {
      fetch(badge.dataset.alertsCount, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(setAlertBadge)
        .catch(function () {});
    };
    refreshBadge();
    setInterval(refreshBadge, 10000);
  }
})();
