/**
 * A progress bar on stderr for anything that takes longer than a second: count,
 * bar, rate, ETA and the item in hand. Quiet when stderr is not a terminal (pipes,
 * CI logs) and during the first second, so short runs print nothing.
 */
import { safeText } from './terminal.js';

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Runs shorter than this never show a bar. */
const PROGRESS_DELAY_MILLISECONDS = 1000;
/** At most this many redraws per second. */
const REDRAW_INTERVAL_MILLISECONDS = 100;
const BAR_WIDTH = 24;
/** The width assumed when the terminal reports none: a pseudo-terminal without a size reports 0 columns, not undefined. */
export const DEFAULT_COLUMNS = 80;

/** The stream's width when it reports a usable one (a positive whole number), else DEFAULT_COLUMNS. */
export function terminalColumns(columns: number | undefined): number {
  return columns !== undefined && Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
}

export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours > 0
    ? `${hours}h${String(minutes).padStart(2, '0')}m`
    : minutes > 0
      ? `${minutes}m${String(rest).padStart(2, '0')}s`
      : `${rest}s`;
}

/** The line the bar shows (exported for tests). */
export function progressLine(
  done: number,
  total: number,
  elapsedMilliseconds: number,
  label: string,
  columns: number,
): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const eta = done > 0 && done < total ? ` ETA ${formatDuration((elapsedMilliseconds / done) * (total - done))}` : '';
  const head = `${bar} ${done}/${total} ${formatDuration(elapsedMilliseconds)}${eta}`;
  const room = columns - head.length - 2;
  const item = room > 8 ? ` ${safeText(label).slice(-room)}` : '';
  return `${head}${item}`;
}

export class Progress {
  private done = 0;
  private label = '';
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly enabled = stream.isTTY === true,
    /** Milliseconds now; tests pass their own clock to get past the first second. */
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  /** The item being worked on now. */
  start(label: string): void {
    this.label = label;
    this.draw(false);
  }

  /** One more item finished. */
  tick(label = this.label): void {
    this.done += 1;
    this.label = label;
    this.draw(false);
  }

  /** Prints a line above the bar (e.g. an error for one file) without breaking it. */
  log(line: string): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.stream.write(`${line}\n`);
    if (this.drawn) this.draw(true);
  }

  /** Clears the bar. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = this.clock();
    if (now - this.started < PROGRESS_DELAY_MILLISECONDS) return;
    if (!force && now - this.lastDraw < REDRAW_INTERVAL_MILLISECONDS && this.done < this.total) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(
      `\r\u001b[2K${progressLine(this.done, this.total, now - this.started, this.label, terminalColumns(this.stream.columns))}`,
    );
  }
}
