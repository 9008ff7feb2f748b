/* The service worker: the delegate's pages readable offline at the venue.
 *
 * Public pages (answers marked Cache-Control: public) are fetched from the network first, and a copy is kept; when
 * the network fails, the kept copy is shown with a note "Offline copy from <time>" (the note is in every page,
 * hidden; its text and the venue's time zone come with the page). Static files (/static/) are served from the copy
 * when there is one. Nothing private is kept: the rapporteurs' and organisers' pages, the admin and every answer
 * that is not public never enter the cache. The pages ask for other pages to be kept (site.js): the programme,
 * the group, its question sheets and how the sessions work, so that one visit is enough. A page never opened on this
 * device shows the site's offline page (/offline/, kept when the worker is installed), not the browser's error.
 * The documents' files a delegate opened (public ones only: an organisers-only file is never marked public) are kept
 * in a cache of their own, fetched from the network first, and read from the copy when the network fails.
 */
"use strict";

var CACHE = "delegate-pages-v2";
var FILES = "delegate-files-v1";
/* A document's file: /<conference>/documents/<document>/<language>/<name>, under /fr/, /es/, /nl/ too. */
var DOCUMENT_FILE = /^\/(?:(?:fr|es|nl)\/)?[^/]+\/documents\/\d+\/[^/]+\/[^/]+$/;
var REFRESH_AFTER_MS = 10 * 60 * 1000;

/* The site's page for a page never opened on this device, in each language (see offlinePage). */
var OFFLINE_PAGES = ["/offline/", "/fr/offline/", "/es/offline/", "/nl/offline/"];

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(OFFLINE_PAGES.map(function (path) {
      var request = new Request(new URL(path, self.location.origin).href, { credentials: "same-origin" });
      return fetch(request).then(function (response) {
        return keepCopy(cache, request, response);
      }).catch(function () { return null; }); /* kept on a later visit */
    }));
  }));
});

/* The offline page in the language of the address asked for (/fr/…), else in English. */
function offlinePage(cache, url) {
  var language = (url.pathname.match(/^\/(fr|es|nl)\//) || [])[1];
  var path = language ? "/" + language + "/offline/" : "/offline/";
  return cache.match(new URL(path, self.location.origin).href, { ignoreVary: true }).then(function (page) {
    return page || cache.match(new URL("/offline/", self.location.origin).href, { ignoreVary: true });
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE && name !== FILES; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

function isPublic(response) {
  return response.ok && response.type === "basic" && /\bpublic\b/.test(response.headers.get("Cache-Control") || "");
}

function isStatic(url) {
  return url.pathname.indexOf("/static/") === 0;
}

/* A copy of the response with the moment it was kept. */
function stamped(response) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Kept-At", String(Date.now()));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function keepCopy(cache, request, response) {
  if (!isPublic(response) && !(isStatic(new URL(request.url)) && response.ok)) {
    return Promise.resolve();
  }
  return stamped(response).then(function (copy) { return cache.put(request, copy); });
}

/* Keep the pages a page asked for: each one not kept yet, or kept more than a few minutes ago. */
function keep(urls, current) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      /* X-Offline-Keep: a copy fetched in the background, not a visit (the server shows it no one-time message). */
      var request = new Request(new URL(url, self.location.origin).href,
        { credentials: "same-origin", headers: { "X-Offline-Keep": "1" } });
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        var age = kept ? Date.now() - Number(kept.headers.get("X-Kept-At") || 0) : Infinity;
        if (kept && age < REFRESH_AFTER_MS && url !== current) {
          return null;
        }
        return fetch(request).then(function (response) {
          return keepCopy(cache, request, response);
        }).catch(function () { return null; });
      });
    }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (Array.isArray(data.keep)) {
    var done = keep(data.keep.slice(0, 40), data.current);
    if (event.waitUntil) {
      event.waitUntil(done);
    }
  }
});

function attribute(html, name) {
  var found = new RegExp(name + '="([^"]*)"').exec(html);
  return found ? found[1].replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&") : "";
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/* The kept page with its offline note shown: "Offline copy from Tuesday 9 June 2026, 20:36 (Port of Spain time)". */
function offlineCopy(kept) {
  return kept.text().then(function (html) {
    var template = attribute(html, "data-offline-note");
    if (!template) {
      return new Response(html, { headers: kept.headers });
    }
    var language = (/<html lang="([^"]+)"/.exec(html) || [])[1] || "en";
    var zone = attribute(html, "data-time-zone") || "UTC";
    var label = attribute(html, "data-zone-label") || "UTC";
    var when = new Date(Number(kept.headers.get("X-Kept-At") || Date.now()));
    var shown;
    try {
      /* The site's one date style in every language: "Tuesday 9 June 2026, 20:36" (British order for English). */
      var dayFormat = new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, {
        weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone
      });
      var day = dayFormat.format(when);
      if (language === "en") {
        var part = {};
        dayFormat.formatToParts(when).forEach(function (piece) { part[piece.type] = piece.value; });
        day = [part.weekday, part.day, part.month, part.year].join(" ");
      }
      var time = new Intl.DateTimeFormat(language, {
        hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
      }).format(when);
      shown = day + ", " + time;
    } catch (error) {
      shown = when.toISOString();
    }
    var note = escapeHtml(template.replace("%(time)s", shown + " (" + label + ")"));
    /* The note becomes an alert and a status message only when shown (a hidden, empty one is neither). */
    html = html.replace(/<p class="offline-note" hidden( data-offline-note="[^"]*"[^>]*>)<\/p>/,
      '<p class="offline-note alert alert-warning" role="status"$1' + note + "</p>");
    return new Response(html, { headers: kept.headers });
  });
}

/* A document's file from the network, a copy kept when it is public and whole (not a range); without a network,
 * the copy. */
function keptFile(event, request) {
  return caches.open(FILES).then(function (cache) {
    return fetch(request).then(function (response) {
      if (isPublic(response) && response.status === 200) {
        event.waitUntil(cache.put(request, response.clone()));
      }
      return response;
    }).catch(function (error) {
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        if (!kept) {
          throw error;
        }
        return kept;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (DOCUMENT_FILE.test(url.pathname)) {
    event.respondWith(keptFile(event, request));
    return;
  }
  if (isStatic(url)) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        return kept || fetch(request).then(function (response) {
          keepCopy(cache, request, response.clone());
          return response;
        });
      });
    }));
    return;
  }
  if (request.mode !== "navigate") {
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return fetch(request).then(function (response) {
      event.waitUntil(keepCopy(cache, request, response.clone()));
      return response;
    }).catch(function (error) {
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        return kept || cache.match(request, { ignoreSearch: true, ignoreVary: true });
      }).then(function (kept) {
        if (kept) {
          return offlineCopy(kept);
        }
        return offlinePage(cache, url).then(function (page) {
          if (!page) {
            throw error;
          }
          return page;
        });
      });
    });
  }));
});
