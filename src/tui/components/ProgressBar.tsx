// A progress bar: filled to `fraction` when the total is known, else a block that moves with `tick`.
import { Text } from 'ink';
import { bar, clip } from '../format.js';

export interface ProgressBarProperties {
  readonly width: number;
  readonly label: string;
  /** 0..1; undefined: the total is unknown (indeterminate). */
  readonly fraction?: number;
  /** Advances an indeterminate bar (any increasing integer). */
  readonly tick?: number;
  readonly color?: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function spinner(tick: number): string {
  return SPINNER[((tick % SPINNER.length) + SPINNER.length) % SPINNER.length];
}

/** The cells of an indeterminate bar: a block of 3 bouncing across `width`. */
export function bounce(tick: number, width: number): string {
  const block = Math.min(3, width);
  const span = Math.max(1, width - block);
  const period = span * 2;
  const p = ((tick % period) + period) % period;
  const at = p <= span ? p : period - p;
  return '░'.repeat(at) + '█'.repeat(block) + '░'.repeat(Math.max(0, width - at - block));
}

export function ProgressBar({ width, label, fraction, tick = 0, color = 'cyan' }: ProgressBarProperties) {
  const pct = fraction === undefined ? '' : ` ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
  const head = `${spinner(tick)} ${label} `;
  const barW = Math.max(8, Math.min(40, width - head.length - pct.length - 1));
  const cells = fraction === undefined ? bounce(tick, barW) : bar(fraction, barW);
  return (
    <Text wrap="truncate-end">
      <Text color={color}>{clip(head, Math.max(0, width - barW - pct.length))}</Text>
      <Text color={color}>{cells}</Text>
      <Text>{pct}</Text>
    </Text>
  );
}
