// How numbers, money, scores and ages read in the console: one place, so every view agrees.

export const formatPercent = (value: number, digits = 1): string =>
  Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '–';

export const formatScore = (value: number): string => (Number.isFinite(value) ? value.toFixed(3) : '–');

export function formatMoney(amount: number, currency = 'EUR'): string {
  if (!Number.isFinite(amount)) return '–';
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 2 }).format(
      amount,
    );
  } catch {
    // An unknown ISO code from a client feed must not break the table: show the code as given.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Thresholds as people set them: 0.84, not 0.8400000000000001. */
export const formatThreshold = (value: number): string => String(Number(value.toFixed(3)));

export const formatCount = (value: number): string =>
  Number.isFinite(value) ? new Intl.NumberFormat('en-GB').format(value) : '–';

/** "3 min", "2 h 5 min", "4 d": how long an alert has waited, at a glance. */
export function formatAge(fromIso: string, now: number = Date.now()): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '–';
  const minutes = Math.max(0, Math.floor((now - from) / 60_000));
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export function formatTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** Escapes text for HTML and SVG markup built as strings (chart renderers). */
export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
