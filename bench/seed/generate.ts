// Spreads exactly `events` events over people and days, then plays out the sessions day by day.

import type { Calendar, CalendarDay } from './calendar.ts';
import { CURSOR, WEEKDAY_HOURS, WEEKEND_HOURS } from './catalog.ts';
import type { CopyRowWriter } from './copy-rows.ts';
import { WeightedTable, type Rng } from './random.ts';
import type { Actor, ToolUsage } from './roster.ts';
import { agentSession, cursorBurst } from './sessions.ts';

const HOUR_MS = 3_600_000;
const PROGRESS_EVERY = 1_000_000;
const WEEKEND_INTENSITY = 0.5;
const HOUR_SHIFTS = [-1, 0, 1, 2] as const;

export interface GenerateInput {
  rng: Rng;
  calendar: Calendar;
  actors: Actor[];
  events: number;
  writer: CopyRowWriter;
  onProgress?: (rows: number) => void;
}

function hourTable(shape: readonly number[], shift: number): WeightedTable<number> {
  return new WeightedTable(shape.map((_, h) => ({ value: h, weight: shape[(h - shift + 24) % 24] ?? 0 })));
}

const HOUR_TABLES = new Map(
  HOUR_SHIFTS.flatMap((shift) => [
    [`${shift}|weekday`, hourTable(WEEKDAY_HOURS, shift)],
    [`${shift}|weekend`, hourTable(WEEKEND_HOURS, shift)],
  ]),
);

/** Share of the day's usual activity that lies before the period's end (below 1 only on a cut-off today). */
function availableShare(day: CalendarDay, endMs: number): number {
  const shape = day.weekend ? WEEKEND_HOURS : WEEKDAY_HOURS;
  let open = 0;
  let all = 0;
  shape.forEach((w, h) => {
    all += w;
    if ((day.hourStarts[h] as number) < endMs) open += w;
  });
  return open / all;
}

const activeUsages = (actor: Actor, day: number): ToolUsage[] => actor.usages.filter((u) => u.firstDay <= day && day <= u.lastDay);

/** Relative amount of activity of each actor on each day (0 when idle that day); index day * actors + actor. */
export function planActivity(rng: Rng, calendar: Calendar, actors: Actor[]): Float64Array {
  const days = calendar.days.length;
  const weights = new Float64Array(days * actors.length);
  calendar.days.forEach((day, d) => {
    const share = availableShare(day, calendar.endMs) * (day.weekend ? WEEKEND_INTENSITY : 1);
    const trend = Math.max(0.05, 1 - (0.95 * (d + 0.5)) / days);
    actors.forEach((actor, a) => {
      const usage = activeUsages(actor, d).reduce((sum, u) => sum + u.weight, 0);
      const active = rng.chance(day.weekend ? actor.weekendActive : actor.weekdayActive);
      if (usage === 0 || !active || share === 0) return;
      weights[d * actors.length + a] = actor.intensity * usage * share * (actor.declining ? trend : 1) * rng.logNormal(1, 0.35);
    });
  });
  return weights;
}

function sessionStart(rng: Rng, calendar: Calendar, day: CalendarDay, actor: Actor): number {
  const table = HOUR_TABLES.get(`${actor.hourShift}|${day.weekend ? 'weekend' : 'weekday'}`);
  if (!table) throw new RangeError(`no hour shape for shift ${actor.hourShift}`);
  for (let attempt = 0; attempt < 100; attempt++) {
    const start = day.hourStarts[table.pick(rng)] as number;
    if (start < calendar.endMs) return start + rng.next() * Math.min(HOUR_MS, calendar.endMs - start);
  }
  return day.hourStarts[0] as number;
}

/**
 * Events of one actor on one day, exactly `budget` of them (the last session is cut short). A session that
 * would run past the period's end happens earlier instead.
 */
function* actorDay(input: GenerateInput, actor: Actor, d: number, budget: number): Generator<Buffer> {
  const { rng, calendar, writer } = input;
  const day = calendar.day(d);
  const usages = new WeightedTable(activeUsages(actor, d).map((u) => ({ value: u.tool, weight: u.weight })));
  let left = budget;
  while (left > 0) {
    const tool = usages.pick(rng);
    const startMs = sessionStart(rng, calendar, day, actor);
    const spec = { tool, startMs, progress: calendar.progress(startMs), project: rng.pick(actor.projects), shallow: actor.shallow };
    const events = tool === CURSOR ? cursorBurst(rng, spec) : agentSession(rng, spec);
    const take = Math.min(events.length, left);
    const overflow = (events[take - 1]?.at ?? 0) - (calendar.endMs - 1);
    const shift = overflow > 0 ? overflow + rng.between(0, 600_000) : 0;
    for (let i = 0; i < take; i++) {
      const event = events[i]!;
      event.at -= shift;
      writer.add(event, actor.email);
    }
    left -= take;
    yield* writer.takeFull();
  }
}

/** COPY text chunks of exactly `input.events` rows, in day order. */
export function* eventChunks(input: GenerateInput): Generator<Buffer> {
  const { calendar, actors, events, writer } = input;
  const weights = planActivity(input.rng.fork('plan'), calendar, actors);
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new RangeError('nobody in the generated org is active in the period: use more people or days');
  let cumulative = 0;
  let nextProgress = PROGRESS_EVERY;
  for (let d = 0; d < calendar.days.length; d++) {
    for (let a = 0; a < actors.length; a++) {
      const w = weights[d * actors.length + a] ?? 0;
      if (w === 0) continue;
      cumulative += w;
      const target = Math.min(events, Math.round((events * cumulative) / total));
      yield* actorDay(input, actors[a]!, d, target - writer.count);
      while (writer.count >= nextProgress) {
        input.onProgress?.(writer.count);
        nextProgress += PROGRESS_EVERY;
      }
    }
  }
  if (writer.count < events) throw new Error(`generated ${writer.count} of ${events} events`);
  yield* writer.takeAll();
}
