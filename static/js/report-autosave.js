/* Report form: keep every keystroke in this tab's copy in the browser (report-copies.js) and save drafts to the
   server in the background. Progressive enhancement: without this script the Save draft and Submit buttons post the
   form as usual.
   It never overwrites silently: each save names the version it started from, and the server merges it field by field
   with saves made since (from another device or tab). A field only the other save changed comes back in the answer
   and is put into the form; a field both changed stops the autosave and asks the writer to press Save draft, which
   shows both texts side by side. */
(function () {
  "use strict";
  var copies = window.ReportCopies;
  var form = document.getElementById("report-form");
  if (!form || !copies) { return; }
  var status = document.getElementById("autosave-status");
  var versionInput = form.querySelector("input[name=base_version]");
  var fieldVersionsInput = form.querySelector("input[name=field_versions]");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var scope = form.getAttribute("data-storage-scope");
  var key = copies.keyFor(scope);
  var url = form.getAttribute("data-autosave-url");
  var fields = Array.prototype.slice.call(form.querySelectorAll("textarea[name]"));
  var panel = document.getElementById("local-copies");
  var INTERVAL_MS = 15000;
  var dirty = false, inFlight = false, stopped = false, submitting = false;
  var notBefore = 0; // no save before this time (ms): the server answered with Retry-After
  var fieldVersions = {};

  function message(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.setAttribute("data-kind", kind || "");
  }
  function version() { return Number(versionInput.value); }
  function values() {
    var result = {};
    fields.forEach(function (field) { result[field.name] = field.value; });
    return result;
  }
  function labels() {
    var result = {};
    fields.forEach(function (field) {
      var label = form.querySelector("label[for='" + field.id + "']");
      result[field.name] = label ? label.textContent.replace(/\*$/, "").trim() : field.name;
    });
    return result;
  }
  function field(name) {
    for (var i = 0; i < fields.length; i += 1) { if (fields[i].name === name) { return fields[i]; } }
    return null;
  }
  function sameAsPage(saved) {
    var page = values();
    var names = Object.keys(saved).concat(Object.keys(page));
    return names.every(function (name) { return (saved[name] || "") === (page[name] || ""); });
  }
  function fits(record) {
    // Every word of the copy has a field to go into (none is for a question removed since).
    return Object.keys(record.fields).every(function (name) { return !record.fields[name] || field(name); });
  }
  function syncFieldVersions() {
    if (fieldVersionsInput) { fieldVersionsInput.value = Object.keys(fieldVersions).length ? JSON.stringify(fieldVersions) : ""; }
  }
  function store(submitted) {
    syncFieldVersions();
    copies.write(key, {
      scope: scope, version: version(), fields: values(), fieldVersions: fieldVersions, labels: labels(),
      at: Date.now(), submitted: Boolean(submitted)
    });
  }
  function fill(record) {
    Object.keys(record.fields).forEach(function (name) {
      var target = field(name);
      if (target) { target.value = record.fields[name]; }
    });
    versionInput.value = String(record.version);
    fieldVersions = record.fieldVersions || {};
    dirty = true;
    store();
    say(message("restored"), "warn");
  }

  // A redirect after Save or Submit carries ?saved: the text this tab posted reached the server.
  var params = new URLSearchParams(window.location.search);
  if (params.has("saved")) {
    var own = copies.read(key);
    if (own && own.submitted) { copies.remove(key); }
    window.history.replaceState(null, "", window.location.pathname);
  }
  // After a refused post the page shows the posted text itself: that is this tab's text now.
  var pageShowsPostedText = form.querySelector(".is-invalid") || document.getElementById("conflict") ||
    document.getElementById("removed-questions");

  var offered = [];
  copies.all(scope).forEach(function (entry) {
    var record = entry.record;
    if (sameAsPage(record.fields)) {
      copies.remove(entry.key);  // nothing in it that the page does not show
    } else if (entry.key === key && pageShowsPostedText) {
      // replaced below by the posted text
    } else if (entry.key === key && record.version === version() && fits(record)) {
      fill(record);  // this tab's own copy, and nobody saved since: it is simply newer than the saved report
    } else {
      offered.push(entry);
    }
  });
  if (panel && offered.length) {
    copies.list(panel, offered, function (entry, item) {
      return [
        copies.button(message("copy-put-back"), "btn-warning", function () {
          if (dirty) {
            // Set this tab's unsaved text aside as a copy of its own before replacing it: nothing is lost.
            copies.write(copies.keyFor(scope, "aside-" + Date.now().toString(36)), {
              scope: scope, version: version(), fields: values(), fieldVersions: fieldVersions, labels: labels(),
              at: Date.now()
            });
          }
          fill(entry.record);
          if (entry.key !== key) { copies.remove(entry.key); }  // it lives on in this tab's copy
          item.remove();
          panel.hidden = !panel.querySelector(".local-copy");
        }),
        copies.button(message("copy-download"), "btn-outline-secondary", function () { copies.download(entry.record); }),
        copies.discardButton(panel, entry, item)
      ];
    });
  }
  if (pageShowsPostedText || !copies.read(key)) { store(); }

  form.addEventListener("input", function () {
    dirty = true;
    store();
    say(message("unsaved"));
  });
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      // Sent now, the form would leave the page for the browser's "No internet" page: stay, keep the text.
      event.preventDefault();
      store();
      say(message("offline-submit"), "warn");
      return;
    }
    submitting = true;
    store(true);
  });

  function showRemoved(data) {
    var box = document.getElementById("autosave-removed");
    if (!box) { return; }
    box.textContent = "";
    var intro = document.createElement("p");
    intro.textContent = message("removed");
    box.appendChild(intro);
    Object.keys(data.removed || {}).forEach(function (name) {
      var label = document.createElement("p");
      label.className = "mb-1 fw-bold";
      label.textContent = (data.labels || {})[name] || name;
      var text = document.createElement("textarea");
      text.className = "form-control mb-2";
      text.readOnly = true;
      text.rows = 4;
      text.value = data.removed[name];
      box.appendChild(label);
      box.appendChild(text);
    });
    box.hidden = false;
  }

  function autosave() {
    if (!url || !window.fetch || !window.FormData || !dirty || inFlight || stopped || submitting) { return; }
    if (Date.now() < notBefore) { return; } // the server asked to wait (Retry-After, while its database is down)
    inFlight = true;
    var sent = values(), sentVersion = version(), sentFieldVersions = JSON.parse(JSON.stringify(fieldVersions));
    syncFieldVersions();
    var body = new FormData(form);
    body.set("action", "save");
    say(message("saving"));
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfInput ? csrfInput.value : "" }
    }).then(function (response) {
      notBefore = Date.now() + (Number(response.headers.get("Retry-After")) || 0) * 1000;
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      var data = result.data || {};
      if (result.status === 200 && data.status === "saved") {
        var merged = data.merged || {};
        Object.keys(sent).forEach(function (name) {
          var target = field(name);
          var typedSince = target && target.value !== sent[name];
          if (Object.prototype.hasOwnProperty.call(merged, name)) {
            if (!typedSince) {
              target.value = merged[name];  // the other device's text, kept by the server
              delete fieldVersions[name];
            } else {
              // Typed into while the other text was merged: that typing started from the older text.
              fieldVersions[name] = Object.prototype.hasOwnProperty.call(sentFieldVersions, name) ?
                sentFieldVersions[name] : sentVersion;
            }
          } else {
            delete fieldVersions[name];  // the server holds what was sent, at the new version
          }
        });
        versionInput.value = String(data.version);
        dirty = Object.keys(sent).some(function (name) {
          var target = field(name);
          var held = Object.prototype.hasOwnProperty.call(merged, name) ? merged[name] : sent[name];
          return target && target.value !== held;  // typed since: not on the server yet
        });
        store();
        say(data.message, "ok");
      } else if (result.status === 409) {
        stopped = true;
        if (data.status === "question_removed") { showRemoved(data); }
        say(data.message || message("link"), "error");
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
