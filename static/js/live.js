/* Live pages (groups/live): lists that refresh themselves, votes sent without leaving the page, and the rapporteur's
   "add to the answer" buttons. Without this script every page still works: the forms post, reloading shows what is new.

   Refreshing is a conditional GET every few seconds with the ETag of the last answer: the server answers
   "304 Not Modified", with no body, until something changed. After a failure (weak Wi-Fi) it waits longer each time
   (up to 30 s), and at least as long as the server's Retry-After says (503 while its database is down), says so on
   the page, and asks again at once when the phone is back online or the page is shown again. Nothing is asked while
   the page is hidden. */
(function () {
  "use strict";

  var MAX_DELAY = 30000;
  var TIMEOUT = 10000;

  function poller(url, interval, accept, onChange, status) {
    var etag = null;
    var timer = null;
    var failures = 0;
    var retryAfter = 0; // ms the server asked to wait (Retry-After), after a failure
    var busy = false;

    function schedule(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(tick, delay);
    }
    function showStatus(offline) {
      if (!status) { return; }
      status.hidden = !offline;
      status.textContent = offline ? status.getAttribute("data-msg-offline") : "";
    }
    function tick() {
      if (document.hidden || busy) { return; } // visibilitychange starts it again
      busy = true;
      var controller = window.AbortController ? new AbortController() : null;
      var abort = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT) : null;
      // Marked as a refresh: the server leaves the messages waiting for the page itself (a refresh that came
      // between an action and the page it leads to would otherwise take the action's message with it).
      var headers = { "Accept": accept, "X-Live-Refresh": "1" };
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(url, {
        headers: headers, cache: "no-store", credentials: "same-origin", signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) {
          retryAfter = (Number(response.headers.get("Retry-After")) || 0) * 1000;
          throw new Error("HTTP " + response.status);
        }
        var tag = response.headers.get("ETag");
        return response.text().then(function (body) { return { body: body, etag: tag }; });
      }).then(function (result) {
        failures = 0;
        retryAfter = 0;
        showStatus(false);
        if (result && onChange(result.body) !== false) { etag = result.etag; }
      }).catch(function () {
        failures += 1;
        showStatus(true);
      }).then(function () {
        window.clearTimeout(abort);
        busy = false;
        schedule(failures ? Math.max(retryAfter, Math.min(MAX_DELAY, interval * Math.pow(2, failures))) : interval);
      });
    }
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { schedule(0); } });
    window.addEventListener("online", function () { schedule(0); });
    schedule(interval);
    return { now: function () { schedule(0); } };
  }

  /* Pages whose parts are swapped for the server's fresh ones: the screen, the facilitator's page, breakout notes.
     A part the user has just touched (a button under the finger) is left alone for a moment, so nothing moves
     under a tap; forms outside the parts (what is being typed) are never replaced. */
  function livePage(root) {
    var lastTouch = 0;
    ["pointerdown", "keydown", "focusin"].forEach(function (type) {
      root.addEventListener(type, function (event) {
        if (event.target.closest && event.target.closest("[data-live-part]")) { lastTouch = Date.now(); }
      }, true);
    });
    var interval = Number(root.getAttribute("data-refresh-ms")) || 3000;
    poller(root.getAttribute("data-live-poll"), interval, "text/html", function (html) {
      if (Date.now() - lastTouch < 3000) { return false; } // ask again next time
      var fresh = new DOMParser().parseFromString(html, "text/html");
      root.querySelectorAll("[data-live-part]").forEach(function (part) {
        var name = part.getAttribute("data-live-part");
        var replacement = fresh.querySelector("[data-live-part=\"" + name + "\"]");
        if (replacement && replacement.innerHTML !== part.innerHTML) { part.innerHTML = replacement.innerHTML; }
      });
      return true;
    }, root.querySelector("[data-live-status]"));
  }

  /* The participants' list of questions, from the session's JSON (the same for every phone); this phone's votes
     are remembered from its page and its own votes. */
  function questionList(list) {
    var answered = document.getElementById("live-answered");
    var template = document.getElementById("live-question-template");
    var empty = document.querySelector("[data-live-empty]");
    var answeredHeading = document.querySelector("[data-live-answered-heading]");
    var message = document.querySelector("[data-live-message]");
    var voted = {};
    (list.getAttribute("data-voted") || "").split(",").forEach(function (id) { if (id) { voted[id] = true; } });
    var rules = window.Intl && window.Intl.PluralRules ? new window.Intl.PluralRules(document.documentElement.lang) : null;

    function votesText(count) {
      var one = rules ? rules.select(count) === "one" : count === 1;
      var pattern = list.getAttribute(one ? "data-msg-votes-one" : "data-msg-votes-other");
      return pattern.replace("%(count)s", String(count));
    }
    function setVoted(item, on) {
      var button = item.querySelector(".live-vote-button");
      button.disabled = on;
      button.textContent = list.getAttribute(on ? "data-msg-voted" : "data-msg-vote");
      button.classList.toggle("btn-success", on);
      button.classList.toggle("btn-outline-primary", !on);
      item.classList.toggle("is-voted", on);
    }
    function item(question) {
      var element = document.getElementById("q" + question.id);
      if (!element) {
        element = template.content.firstElementChild.cloneNode(true);
        element.id = "q" + question.id;
        element.setAttribute("data-question-id", String(question.id));
        element.querySelector(".live-vote-button").value = String(question.id);
      }
      element.querySelector(".live-question-text").textContent = question.text;
      element.querySelector(".live-question-to").textContent = question.to;
      element.querySelector(".live-question-by").textContent = question.by ? " · " + question.by : "";
      element.querySelector(".live-vote-count").textContent = votesText(question.votes);
      element.querySelector(".live-now").hidden = !question.pinned;
      element.classList.toggle("is-pinned", question.pinned);
      element.querySelector(".live-vote-button").hidden = question.answered;
      setVoted(element, Boolean(voted[question.id]));
      return element;
    }
    function place(container, items) {
      items.forEach(function (element, index) {
        if (container.children[index] !== element) { container.insertBefore(element, container.children[index] || null); }
      });
      while (container.children.length > items.length) { container.removeChild(container.lastElementChild); }
    }
    function asking(open, segment) {
      var form = document.querySelector("[data-when-open]");
      var closed = document.querySelector("[data-when-closed]");
      var label = document.querySelector("[data-asking-segment]");
      var textarea = form && form.querySelector("textarea");
      var typed = Boolean(textarea && textarea.value.trim());
      if (form) { form.hidden = !open && !typed; }
      if (closed) { closed.hidden = open; }
      if (label && open) { label.textContent = label.getAttribute("data-msg-open").replace("%(segment)s", segment); }
    }
    function render(body) {
      var data = JSON.parse(body);
      var shown = {};
      var open = [];
      var done = [];
      data.questions.forEach(function (question) {
        shown[question.id] = true;
        (question.answered ? done : open).push(item(question));
      });
      place(list, open);
      place(answered, done);
      empty.hidden = open.length > 0;
      document.querySelectorAll("[data-live-more]").forEach(function (more) { more.hidden = true; }); // all are here
      answeredHeading.hidden = done.length === 0;
      asking(data.asking, data.segment);
      document.querySelectorAll("[data-waiting-id]").forEach(function (waiting) {
        if (shown[waiting.getAttribute("data-waiting-id")]) { waiting.parentNode.removeChild(waiting); }
      });
      document.querySelectorAll("[data-live-waiting]").forEach(function (section) {
        section.hidden = !section.querySelector("[data-waiting-id]");
      });
      return true;
    }
    function say(text) {
      if (!message) { return; }
      message.textContent = text;
      message.hidden = !text;
    }

    var interval = Number(list.getAttribute("data-refresh-ms")) || 3000;
    var poll = poller(list.getAttribute("data-updates-url"), interval, "application/json", render,
      document.querySelector("[data-live-status]"));

    var voteForm = document.getElementById("live-vote-form");
    voteForm.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.classList.contains("live-vote-button")) { return; }
      event.preventDefault();
      var element = button.closest(".live-question");
      var id = button.value;
      var data = new FormData(voteForm);
      data.append("question", id);
      button.disabled = true;
      fetch(voteForm.getAttribute("action"), {
        method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      }).then(function (result) {
        if (result.ok) {
          voted[id] = true;
          setVoted(element, true);
          element.querySelector(".live-vote-count").textContent = votesText(result.answer.votes);
          say("");
        } else {
          button.disabled = false;
          say(result.answer.message);
        }
        poll.now();
      }).catch(function () {
        button.disabled = false;
        say(document.querySelector("[data-live-status]").getAttribute("data-msg-offline"));
      });
    });
  }

  /* The rapporteur's form: each of the group's points can be added to the answer beside it (template
     live/_points.html). The text goes at the end of the answer, as a Markdown list item, and the answer's own
     scripts (autosave) see the change. */
  function insertButtons() {
    document.querySelectorAll("[data-insert-into]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.getAttribute("data-insert-into"));
        if (!field) { return; }
        var before = field.value.replace(/\s+$/, "");
        field.value = (before ? before + "\n" : "") + button.getAttribute("data-insert-text") + "\n";
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      });
    });
  }

  /* On the rapporteur's form, "Hide" on a group's point posts form#hide-point in the background, so that the answers
     typed meanwhile stay on the page; the point leaves the list. Without the script the button posts the form. */
  function hideButtons() {
    var form = document.getElementById("hide-point");
    if (!form || !window.fetch || !window.FormData) { return; }
    document.querySelectorAll("button[form=hide-point]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var data = new FormData(form);
        data.append("point", button.value);
        button.disabled = true;
        fetch(form.action, {
          method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
        }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          var item = button.closest("li");
          var list = item.parentNode;
          list.removeChild(item);
          if (!list.children.length) { list.closest("details").remove(); }
        }).catch(function () { button.disabled = false; });
      });
    });
  }

  document.querySelectorAll("[data-live-poll]").forEach(livePage);
  var list = document.querySelector("[data-live-questions]");
  if (list) { questionList(list); }
  insertButtons();
  hideButtons();
}());
