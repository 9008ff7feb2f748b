/* Projector screens: the venue's clock, a full-screen button (or F), the breakout countdown (kept across reloads in
   this browser), the text shrunk to fit the window, and the report-back slides (→ / Page Down: next group; ← / Page
   Up: previous; Home / End). Without this script the page still shows everything: the countdown's length and every
   group's questions or summary, one after the other. */
(function () {
  "use strict";

  function clock() {
    var display = document.getElementById("screen-clock");
    if (!display) { return; }
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var zone = display.getAttribute("data-time-zone");
    if (zone) { options.timeZone = zone; }
    var format;
    try { format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options); } catch (error) {
      delete options.timeZone;
      format = new Intl.DateTimeFormat(undefined, options);
    }
    function show() { display.textContent = format.format(new Date()); }
    show();
    window.setInterval(show, 1000);
  }

  function fullscreen() {
    var button = document.getElementById("screen-fullscreen");
    if (!button || !document.documentElement.requestFullscreen) { return; }
    function toggle() {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    }
    button.hidden = false;
    button.addEventListener("click", toggle);
    document.addEventListener("keydown", function (event) {
      if ((event.key === "f" || event.key === "F") && !event.altKey && !event.ctrlKey && !event.metaKey) { toggle(); }
    });
  }

  function fit() {
    var box = document.querySelector("[data-fit]");
    if (!box) { return; }
    function shrink() {
      box.style.removeProperty("font-size");
      var size = parseFloat(window.getComputedStyle(box).fontSize);
      var smallest = size * 0.6;
      while (document.documentElement.scrollHeight > window.innerHeight && size > smallest) {
        size -= 0.5;
        box.style.fontSize = size + "px";
      }
    }
    shrink();
    window.addEventListener("resize", shrink);
    document.documentElement.setAttribute("data-fitted", "true");
  }

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

  clock();
  fullscreen();
  countdown();
  slides();
  fit();
}());
