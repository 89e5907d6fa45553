/** A view's messages in both languages; English must have every key Japanese has (checked by tsc). */
export function defineMessages<K extends string>(ja: Record<K, string>, en: Record<K, string>): { ja: Record<K, string>; en: Record<K, string> } {
  return { ja, en };
}
