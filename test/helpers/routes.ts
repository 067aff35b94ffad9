// The route modules under app/routes, found the way remix-flat-routes finds them: plain flat
// files and files in `+` area folders. Each is named by its flat file name with pathless area
// folders left out (`admin+/settlement.tsx` is `admin.settlement.tsx`, `_auth+/login.tsx` is
// `login.tsx`), so the name still spells the URL.
import fs from 'node:fs';
import path from 'node:path';

export const routesDir = path.resolve(import.meta.dirname, '../../app/routes');

export type RouteFile = { file: string; absolutePath: string };

function isRouteFile(name: string): boolean {
  return /\.tsx?$/.test(name) && !name.startsWith('.') && !/\.(server|test)\./.test(name);
}

export function flatName(relative: string): string {
  const segments = relative.split(path.sep).join('/').replace(/\+\//g, '.').split('.');
  while (segments.length > 2 && /^_(?!index$)/.test(segments[0])) segments.shift();
  return segments.join('.');
}

export function routeFiles(): RouteFile[] {
  const found: RouteFile[] = [];
  for (const entry of fs.readdirSync(routesDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.endsWith('+')) {
      for (const name of fs.readdirSync(path.join(routesDir, entry.name)).filter(isRouteFile)) {
        found.push({ file: flatName(path.join(entry.name, name)), absolutePath: path.join(routesDir, entry.name, name) });
      }
    } else if (entry.isFile() && isRouteFile(entry.name)) {
      found.push({ file: entry.name, absolutePath: path.join(routesDir, entry.name) });
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** Where the route with this flat name lives (see `flatName`). */
export function routePath(file: string): string {
  const found = routeFiles().find((route) => route.file === file);
  if (!found) throw new Error(`no route module ${file} under app/routes`);
  return found.absolutePath;
}
