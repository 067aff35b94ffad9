import { readCookie, setCookie, ONE_YEAR } from './cookies.server';

export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export type DisplayPreferences = { textSize: TextSize; highContrast: boolean };

/** Display preferences live in a cookie so they apply without JavaScript and before sign-in. */
export function preferencesOf(request: Request): DisplayPreferences {
  const [size, contrast] = (readCookie(request, 'display') ?? '').split('.');
  return {
    textSize: (TEXT_SIZES as readonly string[]).includes(size) ? (size as TextSize) : 'normal',
    highContrast: contrast === 'high',
  };
}

export function preferencesCookie(preferences: DisplayPreferences): string {
  return setCookie('display', `${preferences.textSize}.${preferences.highContrast ? 'high' : 'normal'}`, {
    maxAge: ONE_YEAR,
  });
}
