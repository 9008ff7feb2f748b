/* Plenary screens: the breakout countdown (kept across reloads in this browser) and the report-back slides
   (→ / Page Down: next group; ← / Page Up: previous; Home / End). Without this script the page still shows
   everything: the countdown's length and every group's summary, one after the other. */
(function () {
  "use strict";

  function countdown() {
    var display = document.getElementById("countdown");
    if (!display) { return; }
    var total = Number(display.getAttribute("data-minutes")) * 60000;
    var key = display.getAttribute("data-storage-key");
    var state = { endsAt: null, remaining: total };
    try { state = JSON.parse(localStorage.getItem(key) || "null") || state; } catch (error) { /* keep default */ }

    function save() { try { localStorage.setItem(key, JSON.stringify(state)); } catch (error) { /* ignore */ } }
    function left() { return state.endsAt ? Math.max(0, state.endsAt - Date.now()) : state.remaining; }
    function show() {
      var ms = left();
      var seconds = Math.ceil(ms / 1000);
      var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      display.textContent = ms === 0 ? display.getAttribute("data-msg-over") : text;
      display.classList.toggle("countdown-over", ms === 0);
      display.classList.toggle("countdown-low", ms > 0 && ms <= 5 * 60000);
    }
    document.getElementById("countdown-start").addEventListener("click", function () {
      if (!state.endsAt) { state.endsAt = Date.now() + state.remaining; save(); show(); }
    });
    document.getElementById("countdown-pause").addEventListener("click", function () {
      if (state.endsAt) { state.remaining = left(); state.endsAt = null; save(); show(); }
    });
    document.getElementById("countdown-reset").addEventListener("click", function () {
      state = { endsAt: null, remaining: total }; save(); show();
    });
    display.parentNode.querySelector(".countdown-buttons").hidden = false;
    show();
    window.setInterval(show, 250);
  }

  function slides() {
    var deck = document.querySelector("[data-slides]");
    if (!deck) { return; }
    var all = Array.prototype.slice.call(deck.querySelectorAll(".plenary-slide"));
    if (!all.length) { return; }
    var current = Math.max(0, all.findIndex(function (slide) { return "#" + slide.id === window.location.hash; }));

    function go(index) {
      current = Math.min(all.length - 1, Math.max(0, index));
      all.forEach(function (slide, i) { slide.hidden = i !== current; });
      if (window.history.replaceState) { window.history.replaceState(null, "", "#" + all[current].id); }
      window.scrollTo(0, 0);
    }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (["ArrowRight", "PageDown", " "].indexOf(event.key) !== -1) { go(current + 1); event.preventDefault(); }
      if (["ArrowLeft", "PageUp"].indexOf(event.key) !== -1) { go(current - 1); event.preventDefault(); }
      if (event.key === "Home") { go(0); event.preventDefault(); }
      if (event.key === "End") { go(all.length - 1); event.preventDefault(); }
    });
    deck.addEventListener("click", function (event) {
      var link = event.target.closest("[data-step]");
      if (link) { event.preventDefault(); go(current + Number(link.getAttribute("data-step"))); }
    });
    go(current);
  }

  countdown();
  slides();
}());
