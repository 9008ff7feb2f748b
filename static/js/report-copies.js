/* Copies of report text kept in this browser (localStorage), one per tab: a tab never overwrites another tab's copy.
   A copy records the version of the report its text started from, so that putting it back merges it with the saved
   report instead of overwriting it. Used by report-autosave.js on the report page; on the pages of a revoked,
   expired or unknown link it lists the copies kept for that link, to copy or download, until they are discarded. */
(function () {
  "use strict";
  var PREFIX = "breakout-report:v2:";
  var TAB = "breakout-report-tab";

  function tabId() {
    var id = null;
    try { id = sessionStorage.getItem(TAB); } catch (error) { /* no session storage: one id per page view */ }
    if (!id) {
      id = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      try { sessionStorage.setItem(TAB, id); } catch (error) { /* ignore */ }
    }
    return id;
  }
  function keyFor(scope, id) { return PREFIX + scope + ":" + (id || tabId()); }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }
  function write(key, record) {
    try { localStorage.setItem(key, JSON.stringify(record)); return true; } catch (error) { return false; }
  }
  function remove(key) {
    try { localStorage.removeItem(key); } catch (error) { /* ignore */ }
  }
  function all(scope) {
    var found = [], start = PREFIX + scope + ":";
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        var key = localStorage.key(i);
        if (key && key.indexOf(start) === 0) {
          var record = read(key);
          if (record && record.fields) { found.push({ key: key, record: record }); }
        }
      }
    } catch (error) { /* storage disabled */ }
    found.sort(function (a, b) { return (b.record.at || 0) - (a.record.at || 0); });
    return found;
  }
  function asText(record) {
    var labels = record.labels || {}, parts = [];
    Object.keys(record.fields).forEach(function (name) {
      if (record.fields[name]) { parts.push("## " + (labels[name] || name) + "\n\n" + record.fields[name]); }
    });
    return parts.join("\n\n") + "\n";
  }
  function download(record) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([asText(record)], { type: "text/plain;charset=utf-8" }));
    link.download = "report-text-" + new Date(record.at || Date.now()).toISOString().slice(0, 16).replace(":", "") + ".txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  /* When a copy was kept, as the page gives times: in the venue's zone, named (base.html's offline note carries it),
     in the page's language, not the phone's zone and format. */
  function when(record) {
    var moment = new Date(record.at || Date.now());
    var venue = document.querySelector("[data-time-zone]");
    var options = { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (venue) { options.timeZone = venue.getAttribute("data-time-zone"); }
    var text;
    try {
      text = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(moment);
    } catch (error) { /* a zone this browser does not know: its own */
      delete options.timeZone;
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(moment);
    }
    var label = venue && venue.getAttribute("data-zone-label");
    return label ? text + " (" + label + ")" : text;
  }
  function button(text, kind, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm " + kind + " me-2 mt-1";
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }
  /* One list item per copy: "Text from <time>" and the buttons that `actions(entry, item)` returns. */
  function list(panel, entries, actions) {
    var target = panel.querySelector("#local-copies-list");
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "local-copy mb-2";
      var title = document.createElement("p");
      title.className = "mb-1";
      title.textContent = (panel.getAttribute("data-msg-copy-from") || "%(when)s").replace("%(when)s", when(entry.record));
      item.appendChild(title);
      var preview = document.createElement("textarea");
      preview.className = "form-control form-control-sm mb-1";
      preview.readOnly = true;
      preview.rows = 4;
      preview.value = asText(entry.record);
      preview.setAttribute("aria-label", title.textContent);
      item.appendChild(preview);
      actions(entry, item).forEach(function (element) { item.appendChild(element); });
      target.appendChild(item);
    });
    panel.hidden = entries.length === 0;
  }
  function discardButton(panel, entry, item) {
    return button(panel.getAttribute("data-msg-copy-discard"), "btn-outline-secondary", function () {
      if (window.confirm(panel.getAttribute("data-msg-copy-confirm"))) {
        remove(entry.key);
        item.remove();
        panel.hidden = !panel.querySelector(".local-copy");
      }
    });
  }

  window.ReportCopies = {
    PREFIX: PREFIX, keyFor: keyFor, read: read, write: write, remove: remove, all: all, asText: asText,
    download: download, button: button, list: list, discardButton: discardButton
  };

  // The page of a link that no longer works: offer what this browser kept for it.
  var panel = document.getElementById("local-copies");
  if (panel && !document.getElementById("report-form")) {
    var scope = panel.getAttribute("data-storage-scope");
    list(panel, all(scope).filter(function (entry) { return asText(entry.record).trim(); }), function (entry, item) {
      return [
        button(panel.getAttribute("data-msg-copy-copy"), "btn-warning", function (event) {
          var text = asText(entry.record), target = event.target;
          var done = function () { target.textContent = panel.getAttribute("data-msg-copy-copied"); };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(text).then(done, function () { item.querySelector("textarea").select(); });
          } else {
            item.querySelector("textarea").select();
          }
        }),
        button(panel.getAttribute("data-msg-copy-download"), "btn-outline-secondary", function () { download(entry.record); }),
        discardButton(panel, entry, item)
      ];
    });
  }
}());
