/* The site's one script on public pages, small and optional: every page works without it.
 * - A print button on pages that offer one ([data-print]), shown only where the script runs.
 * - The offline copy: registers the service worker (/sw.js) and asks it to keep this page and the pages a delegate
 *   needs at the venue (the page's data-offline-pages: the programme, their group, its question sheets, how the
 *   sessions work), with the files they use, so that they open without a connection after one visit. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  if (!("serviceWorker" in navigator) || !window.caches) {
    return;
  }

  function pagesToKeep() {
    var urls = [location.pathname + location.search];
    var listed = document.body.getAttribute("data-offline-pages");
    if (listed) {
      urls = urls.concat(listed.split(/\s+/).filter(Boolean));
    }
    document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src], img[src]").forEach(function (el) {
      var url = new URL(el.href || el.src, location.href);
      if (url.origin === location.origin) {
        urls.push(url.pathname);
      }
    });
    return urls;
  }

  navigator.serviceWorker.register("/sw.js").then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (registration.active) {
      registration.active.postMessage({ keep: pagesToKeep(), current: location.pathname + location.search });
    }
  }).catch(function () { /* no offline copy: the site works as before */ });
})();
