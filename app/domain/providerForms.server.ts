// Form pieces shared by the provider application and the provider's own profile: zod fields whose
// messages are locale keys, and the per-service price inputs (`price-<serviceId>`).
import { z } from 'zod';
import { SERVICE_LANGUAGES } from '../../db/schema';
import { parseEurosToCents } from './money';
import { normalizeBusinessId } from './businessId';
import { toE164 } from './phone';
import { MAX_DESCRIPTION_LENGTH, MAX_PRICE_CENTS, priceFieldName } from './catalogueLimits';
import type { PriceInput } from './providerApplication.server';
import type { FieldErrors } from '../utils/fieldErrors';

export { priceFieldName };

/** A required single-line text of at most `max` characters. */
export function requiredText(max: number, requiredKey = 'common:errors.required') {
  return z.string(requiredKey).trim().min(1, requiredKey).max(max, 'common:errors.tooLong');
}

export const description = z.string().trim().max(MAX_DESCRIPTION_LENGTH, 'catalogue:errors.descriptionTooLong').default('');

export const email = z
  .string('catalogue:errors.emailRequired')
  .trim()
  .min(1, 'catalogue:errors.emailRequired')
  .max(254, 'common:errors.tooLong')
  .pipe(z.email('catalogue:errors.emailInvalid'));

/** Optional phone number; stored as E.164. */
export const optionalPhone = z
  .string()
  .trim()
  .max(32, 'catalogue:errors.phoneInvalid')
  .default('')
  .transform((value, ctx) => {
    if (value === '') return '';
    const e164 = toE164(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'catalogue:errors.phoneInvalid' });
      return z.NEVER;
    }
    return e164;
  });

export const businessId = z
  .string('catalogue:errors.businessIdRequired')
  .trim()
  .min(1, 'catalogue:errors.businessIdRequired')
  .max(20, 'catalogue:errors.businessIdInvalid')
  .transform((value, ctx) => {
    const canonical = normalizeBusinessId(value);
    if (!canonical) {
      ctx.addIssue({ code: 'custom', message: 'catalogue:errors.businessIdInvalid' });
      return z.NEVER;
    }
    return canonical;
  });

/** A checkbox group: absent, one value or several. */
function checkboxes<T extends z.ZodType<string, string>>(item: T, requiredKey: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(item, requiredKey).min(1, requiredKey));
}

export function municipalitiesField(codes: string[]) {
  return checkboxes(
    z.string().refine((code) => codes.includes(code), 'catalogue:errors.areasRequired'),
    'catalogue:errors.areasRequired',
  );
}

export const languagesField = checkboxes(z.enum(SERVICE_LANGUAGES, 'catalogue:errors.languagesRequired'), 'catalogue:errors.languagesRequired');

export const website = z
  .string()
  .trim()
  .max(200, 'common:errors.tooLong')
  .default('')
  .refine((value) => {
    if (value === '') return true;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'catalogue:errors.websiteInvalid')
  .transform((value) => (value === '' ? null : value));

/**
 * Reads `price-<id>` for each service. Empty means "not offered" (or "unchanged" on the profile);
 * anything else must be a euro amount above zero and at most MAX_PRICE_CENTS.
 */
export function readPrices(form: FormData, serviceIds: number[]): { prices: PriceInput[]; errors: FieldErrors } {
  const prices: PriceInput[] = [];
  const errors: FieldErrors = {};
  for (const serviceId of serviceIds) {
    const name = priceFieldName(serviceId);
    const raw = form.get(name);
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const cents = raw.length > 20 ? null : parseEurosToCents(raw);
    if (cents === null || cents <= 0) errors[name] = 'catalogue:errors.priceInvalid';
    else if (cents > MAX_PRICE_CENTS) errors[name] = 'catalogue:errors.priceTooHigh';
    else prices.push({ serviceId, priceCents: cents });
  }
  return { prices, errors };
}
