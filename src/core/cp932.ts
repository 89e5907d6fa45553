/**
 * A CP932 (Windows Shift_JIS) encoder, for the Shift_JIS exports older Excel setups want. Built by
 * inverting the WHATWG `shift_jis` decoder over every byte sequence, so what Meisai writes reads
 * back identically; there is no Shift_JIS encoder in the platform.
 */
let table: Map<string, number[]> | null = null;

function build(): Map<string, number[]> {
  const dec = new TextDecoder('shift_jis');
  const map = new Map<string, number[]>();
  for (let b = 0; b < 0x80; b++) map.set(String.fromCharCode(b), [b]);
  for (let b = 0xa1; b <= 0xdf; b++) map.set(dec.decode(Uint8Array.of(b)), [b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead <= 0xdf) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(lead, trail));
      // Keep the first (standard) code for characters that have several (NEC/IBM duplicates).
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  return map;
}

/**
 * Text → CP932 bytes. A character CP932 lacks (emoji, some accented letters) throws, or with
 * `fallback` is written as that text instead (e.g. `?`).
 */
export function encodeCp932(text: string, fallback?: string): Uint8Array {
  table ??= build();
  // At most two bytes per UTF-16 code unit: one allocation, no growing arrays.
  const out = new Uint8Array(text.length * 2 + (fallback ? text.length * fallback.length : 0));
  let n = 0;
  for (const ch of text) {
    const bytes = table.get(ch) ?? (fallback !== undefined ? [...fallback].flatMap((c) => table!.get(c) ?? [0x3f]) : undefined);
    if (!bytes) throw new Error(`not encodable in CP932: ${JSON.stringify(ch)}`);
    for (const b of bytes) out[n++] = b;
  }
  return out.slice(0, n);
}
