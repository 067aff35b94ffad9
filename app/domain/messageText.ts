// Rules for the text people write in messages, shared by the domain and the forms' schemas.
// Not a .server module: route schemas use it too.
import { z } from 'zod';

export const MAX_BODY_CHARS = 5000;
export const MAX_SUBJECT_CHARS = 120;

/** Line breaks arrive as CRLF from a form; store them as LF. Nothing else is changed. */
export function normalizeBody(body: string): string {
  return body.replace(/\r\n?/g, '\n');
}

/** Characters as a person counts them (an emoji is one), not UTF-16 code units. */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** The text of a message: stored as written (only line endings normalized), never trimmed. */
export const messageBody = z
  .string('messages:errors.bodyRequired')
  .transform(normalizeBody)
  .refine((body) => body.trim().length > 0, 'messages:errors.bodyRequired')
  .refine((body) => charCount(body) <= MAX_BODY_CHARS, 'messages:errors.bodyTooLong');

export const messageSubject = z
  .string()
  .optional()
  .transform((subject) => subject?.trim() ?? '')
  .refine((subject) => charCount(subject) <= MAX_SUBJECT_CHARS, 'messages:errors.subjectTooLong')
  .transform((subject) => (subject === '' ? null : subject));
