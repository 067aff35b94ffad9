/** "1", "1,5", "2.25" → hundredths of a unit (100, 150, 225); null when not a positive amount. */
export function parseQuantity(input: string): number | null {
  const compact = input.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(compact)) return null;
  const [whole, fraction = ''] = compact.split('.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return hundredths > 0 ? hundredths : null;
}
