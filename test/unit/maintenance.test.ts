import { describe, expect, it } from 'vitest';
import { windowSoon } from '../../electron/core/handover/generate';
import { maintenanceStatus, windowLabel } from '../../renderer/customers/cardFacts';
import {
  MINUTES_PER_WEEK,
  minuteOfWeek,
  safeTimeZone,
  weekdayName,
  windowEndMinute,
  windowPosition,
  windowPositionAt,
} from '../../shared/catalog/maintenance';
import type { MaintenanceWindow } from '../../shared/catalog/schemas';

// 2025-03-03 is a Monday; Paris is UTC+1 then and UTC+2 from 2025-03-30 (DST).
const MONDAY_21_UTC = new Date('2025-03-03T21:00:00Z');
const at = (weekday: number, hh: number, mm = 0) => (weekday - 1) * 1440 + hh * 60 + mm;
const win = (weekday: number, startTime: string, durationMinutes: number) => ({
  weekday,
  startTime,
  durationMinutes,
});

describe('maintenance windows', () => {
  it('reads the minute of the week on the customer clock, not UTC', () => {
    expect(minuteOfWeek(MONDAY_21_UTC, 'UTC')).toBe(at(1, 21));
    expect(minuteOfWeek(MONDAY_21_UTC, 'Europe/Paris')).toBe(at(1, 22));
    expect(minuteOfWeek(MONDAY_21_UTC, 'America/New_York')).toBe(at(1, 16));
    // Asia/Tokyo is already Tuesday 06:00; Asia/Kolkata's offset has half an hour.
    expect(minuteOfWeek(MONDAY_21_UTC, 'Asia/Tokyo')).toBe(at(2, 6));
    expect(minuteOfWeek(MONDAY_21_UTC, 'Asia/Kolkata')).toBe(at(2, 2, 30));
    // Sunday 23:59 is the last minute of the week.
    expect(minuteOfWeek(new Date('2025-03-09T23:59:00Z'), 'UTC')).toBe(MINUTES_PER_WEEK - 1);
  });

  it('follows daylight-saving time as the customer clock does', () => {
    // Same UTC hour a month apart: 22:00 in Paris in winter, 23:00 after the clocks went forward.
    expect(minuteOfWeek(new Date('2025-03-31T21:00:00Z'), 'Europe/Paris')).toBe(at(1, 23));
    const w = win(1, '22:30', 60);
    expect(windowPositionAt(w, MONDAY_21_UTC, 'Europe/Paris')).toEqual({ open: false, startsInMinutes: 30 });
    expect(windowPositionAt(w, new Date('2025-03-31T21:00:00Z'), 'Europe/Paris')).toEqual({
      open: true,
      endsInMinutes: 30,
    });
  });

  it('an unknown time zone falls back to UTC', () => {
    expect(safeTimeZone('Mars/Olympus_Mons')).toEqual({ zone: 'UTC', valid: false });
    expect(safeTimeZone('Europe/Paris')).toEqual({ zone: 'Europe/Paris', valid: true });
    expect(minuteOfWeek(MONDAY_21_UTC, 'Mars/Olympus_Mons')).toBe(at(1, 21));
  });

  it('is open from its start up to, not including, its end', () => {
    const w = win(2, '10:00', 90);
    expect(windowPosition(w, at(2, 9, 59))).toEqual({ open: false, startsInMinutes: 1 });
    expect(windowPosition(w, at(2, 10))).toEqual({ open: true, endsInMinutes: 90 });
    expect(windowPosition(w, at(2, 11, 29))).toEqual({ open: true, endsInMinutes: 1 });
    // Closed at its end: the next one is a week after this one's start.
    expect(windowPosition(w, at(2, 11, 30))).toEqual({
      open: false,
      startsInMinutes: MINUTES_PER_WEEK - 90,
    });
  });

  it('windows cross midnight and the end of the week', () => {
    const overnight = win(2, '22:00', 240);
    expect(windowPosition(overnight, at(3, 1))).toEqual({ open: true, endsInMinutes: 60 });
    expect(windowEndMinute(overnight)).toBe(at(3, 2));
    const sunday = win(7, '23:00', 120);
    expect(windowPosition(sunday, at(7, 23, 30))).toEqual({ open: true, endsInMinutes: 90 });
    expect(windowPosition(sunday, at(1, 0, 30))).toEqual({ open: true, endsInMinutes: 30 });
    expect(windowPosition(sunday, at(7, 22))).toEqual({ open: false, startsInMinutes: 60 });
    // Monday morning: the next one is almost a week away, not negative.
    expect(windowPosition(sunday, at(1, 1))).toEqual({ open: false, startsInMinutes: at(7, 23) - at(1, 1) });
    expect(windowEndMinute(sunday)).toBe(at(1, 1));
  });

  it('names weekdays, with "?" for a day that is not one', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(weekdayName)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayName(0)).toBe('?');
    expect(weekdayName(8)).toBe('?');
  });

  it('the recovery card and the handover proposal give the same answer', () => {
    const windows: MaintenanceWindow[] = [
      { id: 'a', name: 'Patching', version: 1, ...win(1, '21:30', 60) },
      { id: 'b', name: 'Backups', version: 1, ...win(1, '22:30', 60) },
    ];
    const patching = { weekday: 1, start_time: '21:30', duration_minutes: 60 };
    const handover = (zone: string, horizon = 720) => windowSoon(patching, MONDAY_21_UTC, zone, horizon);
    const card = (zone: string) => maintenanceStatus(windows, MONDAY_21_UTC, zone);
    // Paris 22:00: "Patching" is open for 30 more minutes; "Backups" opens in 30.
    expect(card('Europe/Paris')).toMatchObject({ kind: 'now', window: { id: 'a' }, endsInMinutes: 30 });
    expect(handover('Europe/Paris')).toEqual({ now: true, minutes: 30 });
    // In UTC it is 21:00: nothing open, "Patching" is next, in 30.
    expect(card('UTC')).toMatchObject({ kind: 'next', window: { id: 'a' }, startsInMinutes: 30 });
    expect(handover('UTC')).toEqual({ now: false, minutes: 30 });
    // Beyond the handover's horizon a window is not "soon" at all.
    expect(handover('UTC', 29)).toBeNull();
    expect(maintenanceStatus([], MONDAY_21_UTC, 'UTC')).toEqual({ kind: 'none' });
  });

  it('of two open windows the card shows the one open longest', () => {
    const windows: MaintenanceWindow[] = [
      { id: 'short', name: 'Short', version: 1, ...win(1, '21:00', 90) },
      { id: 'long', name: 'Long', version: 1, ...win(1, '20:00', 240) },
    ];
    expect(maintenanceStatus(windows, MONDAY_21_UTC, 'UTC')).toMatchObject({
      kind: 'now',
      window: { id: 'long' },
      endsInMinutes: 180,
    });
  });

  it('labels a window with its end, naming the day when it is another', () => {
    const label = (weekday: number, startTime: string, minutes: number) =>
      windowLabel({ id: 'w', name: 'w', version: 1, ...win(weekday, startTime, minutes) });
    expect(label(2, '22:00', 60)).toBe('Tue 22:00–23:00');
    expect(label(2, '22:00', 240)).toBe('Tue 22:00–Wed 02:00');
    expect(label(7, '23:00', 120)).toBe('Sun 23:00–Mon 01:00');
  });
});
