// The instants the date-sensitive tests run at besides today: the 1st of a month (just after
// midnight in Helsinki, still the previous day in UTC), the last day of a month late in the
// evening, the spring DST change day, and New Year's Eve a minute before midnight.
export type ClockDate = { name: string; instant: string | null; helsinkiDate: string | null };

export const CLOCK_DATES: ClockDate[] = [
  { name: 'today', instant: null, helsinkiDate: null },
  { name: 'the 1st of a month, 00:15 in Helsinki', instant: '2027-01-31T22:15:00Z', helsinkiDate: '2027-02-01' },
  { name: 'the last day of a month, 23:30 in Helsinki', instant: '2027-02-28T21:30:00Z', helsinkiDate: '2027-02-28' },
  { name: 'the DST change day, 03:30 in Helsinki', instant: '2027-03-28T00:30:00Z', helsinkiDate: '2027-03-28' },
  { name: "New Year's Eve, 23:59 in Helsinki", instant: '2026-12-31T21:59:00Z', helsinkiDate: '2026-12-31' },
];
