/* global self, caches, fetch, Request, URL */
// Avain service worker. Caches only static files and the offline page; never a page from the
// server or any response that may hold personal data (tablets are shared in care homes).
// Navigations always go to the network; when it fails, the cached offline page is shown.
'use strict';

var CACHE = 'avain-static-v1';
var OFFLINE_URL = '/offline.html';
var PRECACHE = [
  '/styles.css',
  OFFLINE_URL,
  '/favicon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
  '/manifest.fi.webmanifest',
  '/manifest.sv.webmanifest',
];

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        // cache: 'reload' skips the HTTP cache so a new version gets fresh files.
        return cache.addAll(
          PRECACHE.map(function (url) {
            return new Request(url, { cache: 'reload', credentials: 'omit' });
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('avain-') === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function isPrecached(url) {
  return url.origin === self.location.origin && PRECACHE.indexOf(url.pathname) !== -1 && url.search === '';
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // Network only; nothing a page returns is ever stored.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(OFFLINE_URL);
      })
    );
    return;
  }
  var url = new URL(request.url);
  if (!isPrecached(url)) return; // everything else passes through untouched
  event.respondWith(
    caches.match(url.pathname).then(function (cached) {
      return cached || fetch(request);
    })
  );
});
