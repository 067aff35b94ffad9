import { fail } from './http.server';

/** A positive integer id from a URL segment; anything else is 404. */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) fail(404);
  return Number(value);
}
