import { SipParseError } from './sip-parse-error.js';

const WKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses a Date header (RFC 3261 §20.17): rfc1123-date, which must be in "GMT".
 * Returns milliseconds since the epoch.
 */
export function parseSipDate(value: string): number {
  const fail = (why: string): never => {
    throw new SipParseError('E_SIP_PARSE_DATE', `Date: ${why}`);
  };
  // wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"
  const m = /^([A-Za-z]{3}), (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([A-Za-z]+)$/.exec(value.trim());
  if (m === null) return fail('not an rfc1123-date');
  const [, wkday = '', day = '', month = '', year = '', hh = '', mm = '', ss = '', zone = ''] = m;
  if (!WKDAYS.includes(wkday)) fail('bad weekday');
  const mon = MONTHS.indexOf(month);
  if (mon < 0) fail('bad month');
  if (zone !== 'GMT') fail('time zone must be GMT');
  const h = Number(hh);
  const mi = Number(mm);
  const s = Number(ss);
  const d = Number(day);
  if (h > 23 || mi > 59 || s > 60 || d < 1 || d > 31) fail('field out of range');
  return Date.UTC(Number(year), mon, d, h, mi, s);
}
