/** The last point stored for a cumulative series. */
export interface SeriesState {
  startNs: string;
  timeNs: string;
  value: number;
}

function compareNs(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The increase a cumulative point adds to its series: the whole value for a new series or a restarted one
 * (a new start time or a value lower than before), the difference otherwise, and null for a point that is
 * not newer than the last one seen (a re-sent or out-of-order batch).
 */
export function cumulativeDelta(previous: SeriesState | undefined, point: SeriesState): number | null {
  if (!previous) return point.value;
  if (point.startNs !== previous.startNs) {
    return compareNs(point.startNs, previous.startNs) > 0 ? point.value : null;
  }
  if (compareNs(point.timeNs, previous.timeNs) <= 0) return null;
  if (point.value < previous.value) return point.value;
  return point.value - previous.value;
}

/** Orders a batch's points so each series is processed oldest first. */
export function byTime<T extends { timeNs: string }>(a: T, b: T): number {
  return compareNs(a.timeNs, b.timeNs);
}
