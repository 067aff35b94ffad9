// Route modules import the database through this file: a `.server` module inside app/ is left
// out of the browser build, which a module under db/ would not be.
export { getDb } from '../db/client.server';
