/** Bidi controls (embeddings, overrides, isolates, marks) and right-to-left letters. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]|\ud83b[\udc00-\udeff]/;

/**
 * Text that carries its own direction (a right-to-left name, or a hostile override such as
 * `evil\u202Etxt.exe`) inside a sentence: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
 * ISOLATE, the plain-text `<bdi>`, so it cannot reorder the words around it. Other text is left as it is.
 */
export function isolateBidi(s: string): string {
  return BIDI.test(s) ? `\u2068${s}\u2069` : s;
}
