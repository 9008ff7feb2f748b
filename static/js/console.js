/* The organisers' console: the session's table reloads itself every few seconds without reloading the page, so
   that statuses and last changes stay current; the organiser can pause it (remembered in this browser). It waits
   while the tab is hidden or a control of the table has the focus. Without this script the page works as it is and
   a reload shows what changed. */
(function () {
  "use strict";

  var live = document.getElementById("console-live");
  if (!live) { return; }
  var region = live.querySelector("[data-live-region]");
  var status = live.querySelector("[data-refresh-status]");
  var toggle = live.querySelector("[data-refresh-toggle]");
  var seconds = Number(live.getAttribute("data-refresh-seconds")) || 15;
  var storageKey = "console-updates-paused";
  var paused = false;
  var timer = null;
  var busy = false;
  try { paused = localStorage.getItem(storageKey) === "1"; } catch (error) { /* private mode: not remembered */ }

  function showToggle() {
    toggle.textContent = live.getAttribute(paused ? "data-msg-resume" : "data-msg-pause");
    toggle.setAttribute("aria-pressed", paused ? "true" : "false");
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!paused) { timer = window.setTimeout(refresh, seconds * 1000); }
  }

  function refresh() {
    if (paused || busy) { return; }
    var focused = document.activeElement;
    if (document.hidden || (focused && focused !== document.body && region.contains(focused))) {
      schedule();
      return;
    }
    busy = true;
    window.fetch(window.location.href, {
      headers: { "X-Console-Refresh": "1" }, credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (text) {
      var page = new DOMParser().parseFromString(text, "text/html");
      var fresh = page.querySelector("#console-live [data-live-region]");
      var freshStatus = page.querySelector("#console-live [data-refresh-status]");
      if (!fresh || !freshStatus) { throw new Error("not the console"); }
      region.replaceChildren.apply(region, Array.prototype.map.call(fresh.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      if (!paused) { status.textContent = freshStatus.textContent; }
      live.setAttribute("data-refreshed", String(Number(live.getAttribute("data-refreshed") || 0) + 1));
    }).catch(function () {
      status.textContent = live.getAttribute("data-msg-failed");
    }).then(function () {
      busy = false;
      schedule();
    });
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    paused = !paused;
    try { localStorage.setItem(storageKey, paused ? "1" : "0"); } catch (error) { /* not remembered */ }
    showToggle();
    if (paused) {
      window.clearTimeout(timer);
      status.textContent = live.getAttribute("data-msg-paused");
    } else {
      refresh();
    }
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { schedule(); } });
  showToggle();
  if (paused) { status.textContent = live.getAttribute("data-msg-paused"); }
  schedule();
}());
