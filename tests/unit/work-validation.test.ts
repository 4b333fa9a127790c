import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateIn,
  dayProblem,
  daysBetween,
  formatInterval,
  formatTime,
  isCalendarDate,
  isSupportedTimeZone,
  leaveRequestSchema,
  MAX_INTERVALS_PER_DAY,
  MINUTES_PER_DAY,
  parseTime,
  scheduleProblems,
  weekdayOf,
  workplaceSchema,
  workScheduleSchema,
  type MinuteInterval,
} from '@/lib/validation/work';

const span = (startMinute: number, endMinute: number): MinuteInterval => ({ startMinute, endMinute });
const hours = (from: number, to: number) => span(from * 60, to * 60);
const week = (monday: { start: string; end: string }[] = []) => [monday, [], [], [], [], [], []];

describe('times of day', () => {
  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
    [' 08:15 ', 495],
  ])('reads a start of %s as %i minutes after midnight', (text, minutes) => {
    expect(parseTime(text)).toBe(minutes);
  });

  it('reads an end of 00:00 or 24:00 as midnight at the end of the day', () => {
    expect(parseTime('00:00', { end: true })).toBe(MINUTES_PER_DAY);
    expect(parseTime('24:00', { end: true })).toBe(MINUTES_PER_DAY);
    expect(parseTime('17:30', { end: true })).toBe(1050);
  });

  it.each(['24:00', '24:01', '23:60', '9:00', '0900', '09:00:00', '', 'noon', '-1:00'])('refuses %j as a start', (text) => {
    expect(parseTime(text)).toBeNull();
  });

  it('refuses an end past midnight', () => {
    expect(parseTime('24:01', { end: true })).toBeNull();
    expect(parseTime('25:00', { end: true })).toBeNull();
  });

  it('writes midnight at the end of the day as 00:00 for a time input and 24:00 for people', () => {
    expect(formatTime(MINUTES_PER_DAY)).toBe('00:00');
    expect(formatTime(570)).toBe('09:30');
    expect(formatInterval(0, MINUTES_PER_DAY)).toBe('00:00–24:00');
    expect(formatInterval(540, 1050)).toBe('09:00–17:30');
  });

  it('reads back every minute it writes, as a start and as an end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MINUTES_PER_DAY - 1 }), fc.integer({ min: 1, max: MINUTES_PER_DAY }), (start, end) => {
        expect(parseTime(formatTime(start))).toBe(start);
        expect(parseTime(formatTime(end), { end: true })).toBe(end);
      }),
    );
  });
});

describe("one day's intervals", () => {
  it('accepts no intervals, a whole day, and intervals that touch', () => {
    expect(dayProblem([])).toBeNull();
    expect(dayProblem([span(0, MINUTES_PER_DAY)])).toBeNull();
    expect(dayProblem([hours(9, 12), hours(12, 17)])).toBeNull();
    expect(dayProblem([hours(12, 17), hours(9, 12)])).toBeNull();
  });

  it('refuses overlapping intervals, whichever comes first in the input', () => {
    expect(dayProblem([hours(9, 13), hours(12, 17)])).toBe('09:00–13:00 overlaps 12:00–17:00.');
    expect(dayProblem([hours(12, 17), hours(9, 13)])).toBe('09:00–13:00 overlaps 12:00–17:00.');
    expect(dayProblem([hours(9, 17), hours(10, 11)])).toMatch(/overlaps/);
    expect(dayProblem([hours(9, 10), hours(9, 10)])).toMatch(/overlaps/);
  });

  it('finds an overlap between intervals that are not neighbours in the input', () => {
    expect(dayProblem([hours(14, 16), hours(6, 7), hours(15, 18), hours(20, 21)])).toBe('14:00–16:00 overlaps 15:00–18:00.');
  });

  it('refuses an end that does not come after the start', () => {
    expect(dayProblem([hours(17, 9)])).toBe('17:00–09:00: the end must come after the start.');
    expect(dayProblem([hours(9, 9)])).toMatch(/end must come after the start/);
  });

  it.each([
    ['a negative start', span(-1, 60)],
    ['an end past midnight', span(60, MINUTES_PER_DAY + 1)],
    ['a fractional minute', span(60.5, 120)],
    ['a non-number', span(Number.NaN, 120)],
  ])('refuses %s', (_label, interval) => {
    expect(dayProblem([interval])).toBe('Times must lie within the day (00:00 to 24:00).');
  });

  it(`allows ${MAX_INTERVALS_PER_DAY} intervals in a day, not one more`, () => {
    const intervals = Array.from({ length: MAX_INTERVALS_PER_DAY + 1 }, (_, index) => hours(index, index + 1));
    expect(dayProblem(intervals.slice(0, MAX_INTERVALS_PER_DAY))).toBeNull();
    expect(dayProblem(intervals)).toBe(`A day has at most ${MAX_INTERVALS_PER_DAY} intervals.`);
  });

  /** Up to six non-overlapping intervals (some touching), in a random order. */
  const separateIntervals = fc
    .uniqueArray(fc.integer({ min: 0, max: MINUTES_PER_DAY }), { minLength: 2, maxLength: MAX_INTERVALS_PER_DAY + 1 })
    .chain((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const all = sorted.slice(1).map((end, index) => span(sorted[index]!, end));
      return fc.subarray(all, { minLength: 1 }).chain((chosen) => fc.shuffledSubarray(chosen, { minLength: chosen.length, maxLength: chosen.length }));
    });

  it('accepts any set of non-overlapping intervals in any order', () => {
    fc.assert(fc.property(separateIntervals, (intervals) => dayProblem(intervals) === null));
  });

  it('refuses any set once an interval overlapping one of them is added', () => {
    fc.assert(
      fc.property(separateIntervals, fc.nat(), fc.nat(), fc.nat(), (intervals, pick, startOffset, length) => {
        fc.pre(intervals.length < MAX_INTERVALS_PER_DAY);
        const target = intervals[pick % intervals.length]!;
        // Starts inside the target (or before it, ending inside it): a real overlap, never a mere touch.
        const start = target.startMinute + (startOffset % (target.endMinute - target.startMinute));
        const end = Math.min(MINUTES_PER_DAY, start + 1 + (length % 120));
        const withOverlap = [...intervals];
        withOverlap.splice(pick % (intervals.length + 1), 0, span(start, end));
        expect(dayProblem(withOverlap)).toMatch(/overlaps/);
      }),
    );
  });

  it('reports each day of a week beside that day only', () => {
    const days: MinuteInterval[][] = [[hours(9, 17)], [], [hours(9, 13), hours(12, 17)], [], [], [hours(18, 8)], []];
    expect(scheduleProblems(days)).toEqual({
      'day-2': '09:00–13:00 overlaps 12:00–17:00.',
      'day-5': '18:00–08:00: the end must come after the start.',
    });
    expect(scheduleProblems([[], [], [], [], [], [], []])).toEqual({});
  });
});

describe('time zones', () => {
  it('knows UTC and IANA zones', () => {
    expect(isSupportedTimeZone('UTC')).toBe(true);
    expect(isSupportedTimeZone('Europe/Berlin')).toBe(true);
    expect(isSupportedTimeZone('America/New_York')).toBe(true);
  });

  it.each(['Mars/Olympus', 'utc', '', 'GMT+2'])('does not know %j', (zone) => {
    expect(isSupportedTimeZone(zone)).toBe(false);
  });

  it('takes a zone in another case under its own name', async () => {
    const { canonicalTimeZone } = await import('@/lib/validation/work');
    expect(canonicalTimeZone('Europe/berlin')).toBe('Europe/Berlin');
  });
});

describe('the schedule form', () => {
  it('parses times into sorted minutes, with an end of 00:00 meaning midnight', () => {
    const parsed = workScheduleSchema.parse({
      timeZone: ' Europe/Berlin ',
      days: week([
        { start: '22:00', end: '00:00' },
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '16:00' },
      ]),
    });
    expect(parsed.timeZone).toBe('Europe/Berlin');
    expect(parsed.days[0]).toEqual([span(480, 720), span(720, 960), span(1320, MINUTES_PER_DAY)]);
    expect(parsed.days.slice(1)).toEqual([[], [], [], [], [], []]);
  });

  it('reads an empty time zone as "follow the browser"', () => {
    expect(workScheduleSchema.parse({ timeZone: '  ', days: week() }).timeZone).toBeNull();
  });

  it('refuses a time zone it does not know', () => {
    const result = workScheduleSchema.safeParse({ timeZone: 'Mars/Olympus', days: week() });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['timeZone', 'Choose a time zone from the list.']]);
  });

  it('refuses a week that is not seven days', () => {
    const result = workScheduleSchema.safeParse({ timeZone: '', days: [[]] });
    expect(result.error?.issues[0]?.message).toBe('Send seven days.');
  });

  it.each([
    [[{ start: '9:00', end: '17:00' }], 'Enter each start and end as a time, like 09:00.'],
    [[{ start: '09:00', end: '' }], 'Enter each start and end as a time, like 09:00.'],
    [[{ start: '22:00', end: '02:00' }], '22:00–02:00: the end must come after the start.'],
    [[{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }], '09:00–13:00 overlaps 12:00–17:00.'],
    [Array.from({ length: 7 }, (_, index) => ({ start: `0${index}:00`, end: `0${index}:30` })), `A day has at most ${MAX_INTERVALS_PER_DAY} intervals.`],
  ])('reports a bad Monday beside Monday: %j', (monday, message) => {
    const result = workScheduleSchema.safeParse({ timeZone: '', days: week(monday) });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['day-0', message]]);
  });
});

describe('the workplace form', () => {
  it('keeps a place name only for a named place', () => {
    expect(workplaceSchema.parse({ kind: 'place', placeName: ' Harbour office ' })).toEqual({ kind: 'place', placeName: 'Harbour office' });
    expect(workplaceSchema.parse({ kind: 'remote', placeName: 'Harbour office' })).toEqual({ kind: 'remote', placeName: null });
  });

  it('refuses a named place without a name, or with control characters', () => {
    expect(workplaceSchema.safeParse({ kind: 'place', placeName: '   ' }).error?.issues[0]?.message).toBe('Name the place where you work.');
    expect(workplaceSchema.safeParse({ kind: 'place', placeName: 'Office\u0007' }).error?.issues[0]?.path).toEqual(['placeName']);
    expect(workplaceSchema.safeParse({ kind: 'moon' }).success).toBe(false);
  });
});

describe('calendar dates', () => {
  it.each(['2026-01-01', '2028-02-29', '2000-02-29', '2200-12-31'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '1999-12-31', '2201-01-01', '2026-01-01T00:00', ''])(
    'refuses %j',
    (date) => {
      expect(isCalendarDate(date)).toBe(false);
    },
  );

  it('counts days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('numbers weekdays from Monday = 0 to Sunday = 6', () => {
    expect(weekdayOf('2026-01-05')).toBe(0);
    expect(weekdayOf('2026-01-08')).toBe(3);
    expect(weekdayOf('2026-01-11')).toBe(6);
  });

  it('agrees with itself: adding n days is n days between, and a week later is the same weekday', () => {
    const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2199-01-01T00:00:00Z'), noInvalidDate: true }).map((at) => at.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (iso, days) => {
        expect(daysBetween(iso, addDays(iso, days))).toBe(days);
        expect(weekdayOf(addDays(iso, 7 * Math.trunc(days / 7)))).toBe(weekdayOf(iso));
      }),
    );
  });

  it("gives today's date in the person's time zone, UTC when none is set", () => {
    const lateEveningInNewYork = new Date('2026-03-01T02:30:00Z');
    expect(calendarDateIn(lateEveningInNewYork, 'America/New_York')).toBe('2026-02-28');
    expect(calendarDateIn(lateEveningInNewYork, null)).toBe('2026-03-01');
    expect(calendarDateIn(new Date('2026-12-31T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-01');
    expect(calendarDateIn(new Date('2026-12-31T10:30:00Z'), 'Pacific/Pago_Pago')).toBe('2026-12-30');
  });

  it('throws on a time zone the runtime does not know rather than guessing one', () => {
    expect(() => calendarDateIn(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('leave requests', () => {
  const request = (startsOn: string, endsOn: string) => leaveRequestSchema.safeParse({ startsOn, endsOn });

  it('accepts one day, and up to 366 days counted inclusively', () => {
    expect(request('2026-08-03', '2026-08-03').success).toBe(true);
    expect(request('2026-01-01', '2027-01-01').data).toEqual({ startsOn: '2026-01-01', endsOn: '2027-01-01', note: '' });
  });

  it('refuses a range of more than 366 days', () => {
    expect(request('2026-01-01', '2027-01-02').error?.issues[0]).toMatchObject({ path: ['endsOn'], message: 'A request covers at most a year; split longer leave.' });
  });

  it('refuses a last day before the first day', () => {
    expect(request('2026-08-03', '2026-08-02').error?.issues[0]).toMatchObject({ path: ['endsOn'], message: 'The last day cannot come before the first day.' });
  });

  it('refuses dates that do not exist, naming the field', () => {
    expect(request('2026-02-30', '2026-03-02').error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([['startsOn', 'Enter the first day as a date.']]);
    expect(request('2026-03-02', '').error?.issues.map((issue) => issue.message)).toContain('Enter the last day.');
  });

  it('trims the note and limits it to 500 characters', () => {
    expect(leaveRequestSchema.parse({ startsOn: '2026-08-03', endsOn: '2026-08-04', note: '  family  ' }).note).toBe('family');
    expect(leaveRequestSchema.safeParse({ startsOn: '2026-08-03', endsOn: '2026-08-04', note: 'x'.repeat(501) }).success).toBe(false);
  });
});

describe('time zones under other names', () => {
  it('takes any IANA name the runtime knows, as the runtime names it, and nothing else', async () => {
    const { canonicalTimeZone } = await import('@/lib/validation/work');
    for (const name of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Argentina/Buenos_Aires']) {
      const canonical = canonicalTimeZone(name);
      expect(canonical, name).not.toBeNull();
      expect(new Intl.DateTimeFormat('en-US', { timeZone: canonical! }).resolvedOptions().timeZone).toBe(canonical);
    }
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    for (const bad of ['Mars/Olympus', '+05:00', 'EST', '', 'Europe/Berlin; drop table']) expect(canonicalTimeZone(bad), bad).toBeNull();
  });
});
