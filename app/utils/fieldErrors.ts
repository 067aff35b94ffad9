/**
 * Form field name → the locale key of its error message ('catalogue:errors.priceInvalid'); the one
 * type shared by validation, domain results and the form components.
 */
export type FieldErrors = Record<string, string>;
