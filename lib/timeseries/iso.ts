// Fast UTC ISO-8601 strings for bucket starts. Date#toISOString costs about a microsecond a
// call, which is most of the time of a year of hourly points; buckets share their day, so the
// "YYYY-MM-DD" part is built once per day and the time of day from integers.

const DAY = 86_400_000;
let cachedDay = Number.NaN;
let cachedPrefix = "";

const two = (v: number) => (v < 10 ? `0${v}` : String(v));

/** "hh:mm:ss.000Z" of each second of the day met so far (buckets repeat the same few). */
const clock = new Map<number, string>();

export function isoUtc(ms: number): string {
  if (!Number.isInteger(ms) || ms % 1000 !== 0) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    const prefix = new Date(day * DAY).toISOString().slice(0, 11);
    cachedDay = day;
    cachedPrefix = prefix;
  }
  const seconds = (ms - day * DAY) / 1000;
  let time = clock.get(seconds);
  if (time === undefined) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    time = `${two(h)}:${two(m)}:${two(seconds % 60)}.000Z`;
    clock.set(seconds, time);
  }
  return cachedPrefix + time;
}
