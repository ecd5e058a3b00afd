/** Calendar dates as the contract means them: ISO yyyy-mm-dd, proleptic Gregorian, no time part. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The parts of a real yyyy-mm-dd date, or null. Hand-rolled because Date.UTC maps years 0-99 to 19xx. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const last = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  return day <= last ? { year, month, day } : null;
}
