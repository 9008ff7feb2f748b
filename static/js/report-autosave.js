/* Report form: keep every keystroke in this browser (localStorage) and save drafts to the server in the background.
   Progressive enhancement: without this script the Save draft and Submit buttons post the form as usual.
   It never overwrites silently: each save names the version it started from, and a refused save (someone else saved
   first) stops the autosave and asks the writer to press Save draft, which shows both versions to merge. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var versionInput = form.querySelector("input[name=base_version]");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var key = form.getAttribute("data-storage-key");
  var url = form.getAttribute("data-autosave-url");
  var fields = Array.prototype.slice.call(form.querySelectorAll("textarea[name]"));
  var INTERVAL_MS = 15000;
  var dirty = false, inFlight = false, stopped = false, submitting = false;

  function message(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.setAttribute("data-kind", kind || "");
  }
  function values() {
    var result = {};
    fields.forEach(function (field) { result[field.name] = field.value; });
    return result;
  }
  function same(a, b) {
    return fields.every(function (field) { return (a[field.name] || "") === (b[field.name] || ""); });
  }
  function fill(saved) {
    fields.forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(saved, field.name)) { field.value = saved[field.name]; }
    });
  }
  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ version: Number(versionInput.value), fields: values(), at: Date.now() }));
    } catch (error) { /* storage full or disabled: the server copy still works */ }
  }
  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { return null; }
  }

  // On arrival: text in this browser that differs from the page is work that did not reach the server.
  var local = read();
  var pageShowsPostedText = form.querySelector(".is-invalid") || document.querySelector(".report-theirs");
  if (local && local.fields && !same(local.fields, values()) && !pageShowsPostedText) {
    if (local.version === Number(versionInput.value)) {
      // Nobody saved since this browser's copy was made: it is simply newer than the server's.
      fill(local.fields);
      dirty = true;
      say(message("restored"), "warn");
    } else {
      // The report was saved since: offer the copy, rebased on the old version so saving shows both to merge.
      var panel = document.getElementById("local-copy");
      if (panel) {
        panel.hidden = false;
        document.getElementById("local-copy-restore").addEventListener("click", function () {
          fill(local.fields);
          versionInput.value = String(local.version);
          dirty = true;
          panel.hidden = true;
          say(message("restored"), "warn");
        });
        document.getElementById("local-copy-discard").addEventListener("click", function () {
          panel.hidden = true;
          store();
        });
      }
    }
  } else if (!pageShowsPostedText) {
    store();
  }

  form.addEventListener("input", function () {
    dirty = true;
    store();
    say(message("unsaved"));
  });
  form.addEventListener("submit", function () {
    submitting = true;
    store();
  });

  function autosave() {
    if (!url || !window.fetch || !window.FormData || !dirty || inFlight || stopped || submitting) { return; }
    inFlight = true;
    var sent = values();
    var body = new FormData(form);
    body.set("action", "save");
    say(message("saving"));
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfInput ? csrfInput.value : "" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      var data = result.data || {};
      if (result.status === 200 && data.status === "saved") {
        versionInput.value = String(data.version);
        if (same(sent, values())) { dirty = false; }
        store();
        say(data.message, "ok");
      } else if (result.status === 409) {
        stopped = true;
        say(data.message, "error");
      } else if (result.status === 400) {
        dirty = false;  // wait for the next change before trying again
        say(data.message, "error");
      } else if (result.status === 404 || result.status === 410 || result.status === 429) {
        stopped = true;
        say(message("link"), "error");
      } else {
        say(message("offline"), "warn");
      }
    }).catch(function () {
      say(message("offline"), "warn");
    }).then(function () {
      inFlight = false;
    });
  }

  if (url) {
    window.setInterval(autosave, INTERVAL_MS);
    window.addEventListener("online", autosave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { autosave(); }
    });
  }
}());
