/* global navigator */
// Registers the service worker (offline page, cached static files). Pages never depend on it.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
}
