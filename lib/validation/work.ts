import { z } from 'zod';
import { multilineTextSchema, textSchema } from './primitives';

/**
 * The profile's work sections: schedule (and time zone), workplace, leave. Pure, so the browser checks a
 * form exactly as the server does before anything is saved.
 */

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const MAX_INTERVALS_PER_DAY = 6;
export const MINUTES_PER_DAY = 1440;

// ---- Times of day -------------------------------------------------------------------------------------

/**
 * Minutes after midnight of "HH:MM", or null when it is not a time. An end of "00:00" (or "24:00") means
 * midnight at the end of the day: a time input cannot say 24:00, and a shift until midnight is common.
 */
export function parseTime(value: string, { end = false } = {}): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours === 24 && minutes === 0 && end) return MINUTES_PER_DAY;
  if (hours > 23 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return end && total === 0 ? MINUTES_PER_DAY : total;
}

/** "HH:MM" of minutes after midnight, for a time input (midnight at the end of the day reads 00:00). */
export function formatTime(minutes: number): string {
  const inDay = minutes % MINUTES_PER_DAY;
  return `${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
}

/** "09:00–17:30" for people (midnight at the end of the day reads 24:00). */
export function formatInterval(startMinute: number, endMinute: number): string {
  const end = endMinute === MINUTES_PER_DAY ? '24:00' : formatTime(endMinute);
  return `${formatTime(startMinute)}–${end}`;
}

export interface MinuteInterval {
  startMinute: number;
  endMinute: number;
}

/** What is wrong with one day's intervals (the first problem, named for people), or null. */
export function dayProblem(intervals: MinuteInterval[]): string | null {
  if (intervals.length > MAX_INTERVALS_PER_DAY) return `A day has at most ${MAX_INTERVALS_PER_DAY} intervals.`;
  for (const { startMinute, endMinute } of intervals) {
    if (!Number.isInteger(startMinute) || !Number.isInteger(endMinute) || startMinute < 0 || endMinute > MINUTES_PER_DAY) {
      return 'Times must lie within the day (00:00 to 24:00).';
    }
    if (endMinute <= startMinute) return `${formatInterval(startMinute, endMinute)}: the end must come after the start.`;
  }
  const sorted = [...intervals].sort((a, b) => a.startMinute - b.startMinute);
  for (let index = 1; index < sorted.length; index++) {
    const [before, after] = [sorted[index - 1]!, sorted[index]!];
    if (after.startMinute < before.endMinute) {
      return `${formatInterval(before.startMinute, before.endMinute)} overlaps ${formatInterval(after.startMinute, after.endMinute)}.`;
    }
  }
  return null;
}

/** Field errors of a whole week, keyed `day-<0..6>` (0 = Monday): what the editor shows beside each day. */
export function scheduleProblems(days: MinuteInterval[][]): Record<string, string> {
  const problems: Record<string, string> = {};
  days.forEach((intervals, weekday) => {
    const problem = dayProblem(intervals);
    if (problem) problems[`day-${weekday}`] = problem;
  });
  return problems;
}

// ---- Time zones ---------------------------------------------------------------------------------------

let zones: Set<string> | undefined;

/** The IANA zones this runtime knows (plus UTC, which the list leaves out). */
export function supportedTimeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/**
 * The name this runtime knows a zone by, or null for no zone. Browsers and runtimes disagree on names
 * (Asia/Kolkata or Asia/Calcutta, Europe/Kyiv or Europe/Kiev): any IANA name Intl accepts is taken and
 * stored as the runtime resolves it, so the list and the stored value always agree.
 */
export function canonicalTimeZone(value: string): string | null {
  zones ??= new Set(supportedTimeZones());
  if (zones.has(value)) return value;
  // IANA names only: no offsets or abbreviations, which Intl may also accept.
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2}$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isSupportedTimeZone(value: string): boolean {
  return canonicalTimeZone(value) !== null;
}

// ---- The forms ----------------------------------------------------------------------------------------

const timeText = textSchema().max(5);

/**
 * The schedule form: the time zone (empty: follow the browser) and, per weekday, intervals as the time
 * inputs give them. Parsed into minutes; every problem is reported beside its day.
 */
export const workScheduleSchema = z
  .object({
    timeZone: textSchema({ error: 'Choose a time zone.' }, 'Choose a time zone from the list.').trim().max(64, 'Choose a time zone from the list.'),
    days: z.array(z.array(z.object({ start: timeText, end: timeText })).max(MAX_INTERVALS_PER_DAY * 2), { error: 'Send seven days.' }).length(7, 'Send seven days.'),
  })
  .superRefine(({ timeZone, days }, ctx) => {
    if (timeZone && !isSupportedTimeZone(timeZone)) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'Choose a time zone from the list.' });
    days.forEach((intervals, weekday) => {
      const path = [`day-${weekday}`];
      const parsed = intervals.map(({ start, end }) => ({ startMinute: parseTime(start), endMinute: parseTime(end, { end: true }) }));
      if (parsed.some((interval) => interval.startMinute === null || interval.endMinute === null)) {
        return void ctx.addIssue({ code: 'custom', path, message: 'Enter each start and end as a time, like 09:00.' });
      }
      const problem = dayProblem(parsed as MinuteInterval[]);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    });
  })
  .transform(({ timeZone, days }) => ({
    timeZone: timeZone || null,
    days: days.map((intervals) =>
      intervals.map(({ start, end }) => ({ startMinute: parseTime(start)!, endMinute: parseTime(end, { end: true })! })).sort((a, b) => a.startMinute - b.startMinute),
    ),
  }));

export type WorkScheduleInput = z.input<typeof workScheduleSchema>;
export type WorkSchedule = z.output<typeof workScheduleSchema>;

export const WORKPLACE_KINDS = ['office', 'remote', 'place'] as const;
export type WorkplaceKindValue = (typeof WORKPLACE_KINDS)[number];
export const WORKPLACE_LABELS: Record<WorkplaceKindValue, string> = { office: 'Office', remote: 'Remote', place: 'A named place' };

export const workplaceSchema = z
  .object({
    kind: z.enum(WORKPLACE_KINDS, { error: 'Choose where you work.' }),
    placeName: textSchema({}, 'A place name cannot contain control characters.').trim().max(120, 'A place name has at most 120 characters.').optional(),
  })
  .superRefine(({ kind, placeName }, ctx) => {
    if (kind === 'place' && !placeName) ctx.addIssue({ code: 'custom', path: ['placeName'], message: 'Name the place where you work.' });
    if (placeName && /[\u0000-\u001f]/.test(placeName)) ctx.addIssue({ code: 'custom', path: ['placeName'], message: 'A place name cannot contain control characters.' });
  })
  .transform(({ kind, placeName }) => ({ kind, placeName: kind === 'place' ? placeName! : null }));

export type Workplace = z.output<typeof workplaceSchema>;

// ---- Calendar dates (leave) ---------------------------------------------------------------------------

/** A calendar date "YYYY-MM-DD" that exists (no 31 February). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 2000 && year <= 2200;
}

/** The calendar date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The weekday of a calendar date, 0 = Monday … 6 = Sunday (the schedule's numbering). */
export function weekdayOf(iso: string): number {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Today's date at `at` in a time zone (UTC when none is set). */
export function calendarDateIn(at: Date, timeZone: string | null): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** "Thu 3 Dec 2026": a calendar date for people, the same in every time zone. */
export function formatDay(iso: string, { weekday = true } = {}): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: weekday ? 'short' : undefined, day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** "3–5 Dec 2026" style range for people. */
export function formatDayRange(startsOn: string, endsOn: string): string {
  return startsOn === endsOn ? formatDay(startsOn) : `${formatDay(startsOn)} – ${formatDay(endsOn)}`;
}

export const MAX_LEAVE_DAYS = 366;

const calendarDate = (label: string) =>
  textSchema({ error: `Enter the ${label}.` }, `Enter the ${label} as a date.`).trim().min(1, `Enter the ${label}.`).refine(isCalendarDate, `Enter the ${label} as a date.`);

export const leaveRequestSchema = z
  .object({
    startsOn: calendarDate('first day'),
    endsOn: calendarDate('last day'),
    note: multilineTextSchema({}, 'A note cannot contain control characters.').trim().max(500, 'A note has at most 500 characters.').default(''),
  })
  .superRefine(({ startsOn, endsOn }, ctx) => {
    if (!isCalendarDate(startsOn) || !isCalendarDate(endsOn)) return;
    if (endsOn < startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The last day cannot come before the first day.' });
    else if (daysBetween(startsOn, endsOn) >= MAX_LEAVE_DAYS) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'A request covers at most a year; split longer leave.' });
  });

export type LeaveRequestInput = z.output<typeof leaveRequestSchema>;

export const leaveDecisionSchema = z.object({
  requestId: z.uuid('Choose a leave request.'),
  decision: z.enum(['approve', 'decline']),
  note: multilineTextSchema({}, 'A note cannot contain control characters.').trim().max(500, 'A note has at most 500 characters.').default(''),
});

export const leaveCancelSchema = z.object({ requestId: z.uuid('Choose a leave request.') });
