/** Narrows a value (a query parameter, a stored action name) to one of a list of literals. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
