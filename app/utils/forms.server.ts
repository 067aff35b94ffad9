import type { z } from 'zod';
import { fail } from './http.server';
import { isValidCsrf } from './csrf.server';

export const MAX_FORM_BYTES = 64 * 1024;

import type { FieldErrors } from './fieldErrors';

export type { FieldErrors };
export type FormValues = Record<string, string>;

/**
 * Reads a posted form: refuses oversized bodies (413), unreadable bodies (400) and a missing or
 * wrong CSRF token (403). Every action starts here.
 */
export async function readForm(request: Request, options: { csrf?: boolean } = {}): Promise<FormData> {
  const length = Number(request.headers.get('Content-Length') ?? '0');
  if (length > MAX_FORM_BYTES) fail(413, 'tooLarge');
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    fail(415, 'unsupported');
  }
  let text: string;
  try {
    const buffer = await request.arrayBuffer();
    if (buffer.byteLength > MAX_FORM_BYTES) fail(413, 'tooLarge');
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch (error) {
    if (error instanceof Response || isDataResponse(error)) throw error;
    fail(400, 'badForm');
  }
  let form: FormData;
  try {
    if (type.startsWith('multipart/form-data')) {
      form = await new Request('http://form.local', { method: 'POST', headers: { 'Content-Type': type }, body: text }).formData();
    } else {
      form = new FormData();
      for (const [key, value] of new URLSearchParams(text)) form.append(key, value);
    }
  } catch {
    fail(400, 'badForm');
  }
  if (options.csrf !== false && !isValidCsrf(request, form.get('csrf'))) fail(403, 'csrf');
  return form;
}

function isDataResponse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && (error as { type: string }).type === 'DataWithResponseInit';
}

export type Validation<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * Validates a form with its schema. Error messages in schemas are locale keys
 * (`common:errors.required`), translated when the page renders. A field sent twice is an error.
 */
export function validateForm<S extends z.ZodType>(form: FormData, schema: S): Validation<z.infer<S>> {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const multi = new Set<string>();
  for (const [key, value] of form.entries()) {
    if (key === 'csrf') continue;
    if (typeof value !== 'string') {
      errors[key] = 'common:errors.invalid';
      continue;
    }
    if (key in values) multi.add(key);
    else values[key] = value;
  }
  const input: Record<string, string | string[]> = { ...values };
  for (const key of multi) input[key] = form.getAll(key).filter((v): v is string => typeof v === 'string');
  const result = schema.safeParse(input);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data, values };
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      if (!errors[field]) errors[field] = /^[a-z]+:[A-Za-z0-9_.]+$/.test(issue.message) ? issue.message : 'common:errors.invalid';
    }
  }
  return { ok: false, errors, values };
}
