import { flatRoutes } from 'remix-flat-routes';

/** Route files that are not routes: dot files, tests, and the server half of a route. */
export const ignoredRouteFiles = ['**/.*', '**/*.test.*', '**/*.server.*'];

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: 'app',
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  serverBuildPath: 'build/index.js',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  // remix-flat-routes (hybrid): an area's routes sit in a `+` folder (`admin+/settlement.tsx` is
  // `admin.settlement`), and plain flat files in app/routes keep working beside the folders.
  ignoredRouteFiles: ['**/*'],
  routes: (defineRoutes) => flatRoutes('routes', defineRoutes, { ignoredRouteFiles }),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: false,
  },
};
