/**
 * What the CLI prints comes partly from statements (merchant text, file names, card names): a
 * terminal must never act on it. Control characters (ESC, CSI, BEL, CR, … — C0, DEL and C1) and
 * bidi controls (which reorder what a terminal shows) are printed as visible escapes.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One value in a line of output (a field): every control shown as an escape, tabs and newlines too. */
export function termField(value: string | number | null | undefined): string {
  return String(value ?? '').replace(UNSAFE, escape);
}

/** Whole lines of output: the tabs and newlines the CLI itself lays them out with are kept. */
export function termLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, escape);
}

/**
 * JSON output: JSON.stringify already escapes C0 controls; C1 controls, line separators and bidi
 * controls are escaped too (the same value when parsed).
 */
export function termJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
