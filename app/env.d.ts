import '@remix-run/node';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** The HTTP method of the request itself: loaders run after an action see a GET request. */
    requestMethod?: string;
  }
}
