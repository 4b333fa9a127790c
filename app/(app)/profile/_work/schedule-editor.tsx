'use client';

import { Copy, Plus, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { fieldErrorsOf } from '@/lib/validation/primitives';
import { formatTime, MAX_INTERVALS_PER_DAY, WEEKDAYS, workScheduleSchema, type MinuteInterval } from '@/lib/validation/work';
import { saveWorkScheduleAction } from './actions';

type Row = { key: number; start: string; end: string };

let nextKey = 0;
const row = (start: string, end: string): Row => ({ key: nextKey++, start, end });

/** The week's working hours (several intervals a day) and the member's time zone, saved together. */
export function ScheduleEditor({ initialDays, initialTimeZone, timeZones }: { initialDays: MinuteInterval[][]; initialTimeZone: string | null; timeZones: string[] }) {
  const router = useRouter();
  const [days, setDays] = useState<Row[][]>(() => initialDays.map((intervals) => intervals.map((i) => row(formatTime(i.startMinute), formatTime(i.endMinute)))));
  const [timeZone, setTimeZone] = useState(initialTimeZone ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const update = (weekday: number, change: (rows: Row[]) => Row[]) => {
    setDays((current) => current.map((rows, index) => (index === weekday ? change(rows) : rows)));
    setErrors(({ [`day-${weekday}`]: _cleared, ...rest }) => rest);
  };
  const addInterval = (weekday: number) =>
    update(weekday, (rows) => {
      const last = rows.at(-1);
      // A sensible next slot: the working day for the first, an hour after the last one ends otherwise.
      if (!last) return [row('09:00', '17:00')];
      const [hours] = last.end.split(':').map(Number);
      const start = Math.min(23, (hours ?? 17) + 1);
      return [...rows, row(`${String(start).padStart(2, '0')}:00`, `${String(Math.min(23, start + 1)).padStart(2, '0')}:00`)];
    });
  const copyToWeekdays = (weekday: number) => {
    setDays((current) => current.map((rows, index) => (index < 5 && index !== weekday ? current[weekday]!.map((r) => row(r.start, r.end)) : rows)));
    setErrors({});
    toast.info(`${WEEKDAYS[weekday]}’s hours copied to Monday–Friday. Save to keep them.`);
  };

  const save = () => {
    const input = { timeZone, days: days.map((rows) => rows.map(({ start, end }) => ({ start, end }))) };
    const parsed = workScheduleSchema.safeParse(input);
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error);
      setErrors(found);
      return void toast.error(Object.values(found)[0] ?? 'Check the highlighted days.');
    }
    startTransition(async () => {
      const result = await saveWorkScheduleAction(input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      setErrors({});
      toast.success('Your work schedule is saved.');
      router.refresh();
    });
  };

  return (
    <form
      className="grid gap-5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="schedule-time-zone">Time zone</Label>
        <div className="flex flex-wrap items-center gap-2">
          <NativeSelect
            id="schedule-time-zone"
            className="h-10 min-w-64"
            value={timeZone}
            aria-invalid={errors.timeZone ? true : undefined}
            aria-describedby={errors.timeZone ? 'schedule-time-zone-error' : 'schedule-time-zone-hint'}
            onChange={(event) => setTimeZone(event.target.value)}
          >
            <option value="">Not set (your browser’s)</option>
            {(timeZone && !timeZones.includes(timeZone) ? [timeZone, ...timeZones] : timeZones).map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </NativeSelect>
          <Button type="button" variant="ghost" size="sm" onClick={() => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone)}>
            Use this device’s
          </Button>
        </div>
        <p id="schedule-time-zone-hint" className="text-xs text-muted-foreground">
          Your hours are in this time zone. It is yours in every account.
        </p>
        {errors.timeZone ? (
          <p id="schedule-time-zone-error" className="text-sm text-destructive">
            {errors.timeZone}
          </p>
        ) : null}
      </div>

      <fieldset className="grid gap-0 divide-y divide-border rounded-lg border border-border">
        <legend className="sr-only">Working hours</legend>
        {WEEKDAYS.map((dayName, weekday) => {
          const rows = days[weekday]!;
          const error = errors[`day-${weekday}`];
          const errorId = `schedule-day-${weekday}-error`;
          return (
            <div key={dayName} className="grid gap-2 p-3 sm:grid-cols-[7rem_1fr]" data-testid={`schedule-day-${weekday}`}>
              <div className="pt-1.5 text-sm font-medium">{dayName}</div>
              <div className="grid gap-2">
                {rows.map((interval, index) => (
                  <div key={interval.key} className="flex flex-wrap items-center gap-2">
                    <Input
                      type="time"
                      className="h-9 w-32"
                      aria-label={`${dayName} interval ${index + 1} start`}
                      value={interval.start}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      onChange={(event) => update(weekday, (all) => all.map((r) => (r.key === interval.key ? { ...r, start: event.target.value } : r)))}
                    />
                    <span aria-hidden className="text-muted-foreground">
                      –
                    </span>
                    <Input
                      type="time"
                      className="h-9 w-32"
                      aria-label={`${dayName} interval ${index + 1} end`}
                      value={interval.end}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      onChange={(event) => update(weekday, (all) => all.map((r) => (r.key === interval.key ? { ...r, end: event.target.value } : r)))}
                    />
                    <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${dayName} interval ${index + 1}`} onClick={() => update(weekday, (all) => all.filter((r) => r.key !== interval.key))}>
                      <X />
                    </Button>
                  </div>
                ))}
                <div className="flex flex-wrap items-center gap-1">
                  {rows.length === 0 ? <span className="mr-2 text-sm text-muted-foreground">Not working</span> : null}
                  <Button type="button" variant="ghost" size="sm" disabled={rows.length >= MAX_INTERVALS_PER_DAY} onClick={() => addInterval(weekday)} aria-label={`Add hours on ${dayName}`}>
                    <Plus /> Add hours
                  </Button>
                  {rows.length > 0 ? (
                    <Button type="button" variant="ghost" size="sm" onClick={() => copyToWeekdays(weekday)} aria-label={`Copy ${dayName}’s hours to every weekday`}>
                      <Copy /> Copy to Mon–Fri
                    </Button>
                  ) : null}
                </div>
                {error ? (
                  <p id={errorId} className="text-sm text-destructive">
                    {error}
                  </p>
                ) : null}
              </div>
            </div>
          );
        })}
      </fieldset>
      <p className="-mt-3 text-xs text-muted-foreground">An end of 00:00 means midnight at the end of the day.</p>
      <Button type="submit" className="w-fit" disabled={pending}>
        Save schedule
      </Button>
    </form>
  );
}
