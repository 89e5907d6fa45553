/**
 * Categorisation rules: ordered conditions → actions, evaluated on import and when re-run. Pure: the
 * services load rules and rows, this decides. Text conditions compare on the normalised merchant
 * (or the folded description), so one rule covers a merchant's printed variants.
 */
import { foldDashes, merchantPatternText } from './merchant';
import { minorUnits, toMajor } from './money';

export type Kind = 'purchase' | 'refund' | 'payment' | 'fee' | 'other';
export const KINDS: readonly Kind[] = ['purchase', 'refund', 'payment', 'fee', 'other'];

export type TextOp = 'contains' | 'startsWith' | 'equals' | 'regex';

export interface RuleConditions {
  /** Text condition on the normalised merchant (default) or the description as printed (folded). */
  text?: { field: 'merchant' | 'description'; op: TextOp; value: string } | null;
  /** Inclusive bounds in the row currency's major units (charges positive, refunds negative). */
  amountMin?: number | null;
  amountMax?: number | null;
  cardIds?: number[];
  /** Cardholder names as printed. */
  cardholders?: string[];
  currencies?: string[];
  kinds?: Kind[];
}

export interface RuleActions {
  categoryId?: number | null;
  addTags?: string[];
  memo?: string | null;
  displayName?: string | null;
}

export interface Rule {
  id: number;
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
}

/** What a rule looks at in a transaction. */
export interface RuleSubject {
  description: string;
  merchant: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  cardId: number;
  cardholder: string | null;
  kind: Kind;
}

/** What the rules decided for one row: the first rule that sets a field wins; tags accumulate. */
export interface RuleOutcome {
  categoryId?: number;
  displayName?: string;
  memo?: string;
  tags: string[];
  ruleIds: number[];
}

export class RuleError extends Error {}

type TextTest = (merchantText: string, descriptionText: () => string) => boolean;
type Test = (s: RuleSubject) => boolean;

/**
 * A rule ready to run: its text condition apart from the rest, because the text condition depends
 * only on the merchant (and description) — which repeat across thousands of rows — so its answer is
 * cached per merchant by `createEvaluator`, and only the cheap numeric/set tests run per row.
 */
export type CompiledRule = { rule: Rule; text: TextTest | null; field: 'merchant' | 'description' | null; rest: Test[]; empty: boolean };

/** A rule with nothing to match on would touch every row: refuse it (the UI says why). */
export function describeRuleProblem(c: RuleConditions, a: RuleActions): string | null {
  const hasCondition = !!(c.text && c.text.value.trim()) || c.amountMin != null || c.amountMax != null || !!c.cardIds?.length || !!c.cardholders?.length || !!c.currencies?.length || !!c.kinds?.length;
  if (!hasCondition) return 'a rule needs at least one condition';
  const hasAction = a.categoryId != null || !!a.addTags?.length || !!a.memo || !!a.displayName;
  if (!hasAction) return 'a rule needs at least one action';
  if (c.amountMin != null && c.amountMax != null && c.amountMin > c.amountMax) return 'the minimum amount is above the maximum';
  if (c.text?.op === 'regex') {
    try {
      new RegExp(foldDashes(c.text.value.normalize('NFKC')), 'iu');
    } catch (e) {
      return `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return null;
}

function textTest(t: NonNullable<RuleConditions['text']>): TextTest {
  const pick = t.field === 'description' ? (m: string, d: () => string) => d() : (m: string) => m;
  if (t.op === 'regex') {
    let re: RegExp;
    try {
      // The pattern is folded like the text it runs on (width, dash/long-vowel variants), so
      // `^スターバックス` matches ｽﾀｰﾊﾞｯｸｽ; letters are compared case-insensitively.
      re = new RegExp(foldDashes(t.value.normalize('NFKC')), 'iu');
    } catch (e) {
      throw new RuleError(`invalid regular expression "${t.value}": ${e instanceof Error ? e.message : String(e)}`);
    }
    return (m, d) => re.test(pick(m, d));
  }
  const needle = merchantPatternText(t.value);
  if (!needle) return () => false;
  if (t.op === 'equals') return (m, d) => pick(m, d) === needle;
  if (t.op === 'startsWith') return (m, d) => pick(m, d).startsWith(needle);
  return (m, d) => pick(m, d).includes(needle);
}

export function compileRule(rule: Rule): CompiledRule {
  const c = rule.conditions;
  const rest: Test[] = [];
  const hasText = !!(c.text && c.text.value.trim());
  if (c.amountMin != null) {
    const min = c.amountMin;
    rest.push((s) => toMajor(s.amount, s.currency) >= min);
  }
  if (c.amountMax != null) {
    const max = c.amountMax;
    rest.push((s) => toMajor(s.amount, s.currency) <= max);
  }
  if (c.cardIds?.length) {
    const ids = new Set(c.cardIds);
    rest.push((s) => ids.has(s.cardId));
  }
  if (c.cardholders?.length) {
    const names = new Set(c.cardholders.map((n) => merchantPatternText(n)));
    rest.push((s) => s.cardholder !== null && names.has(merchantPatternText(s.cardholder)));
  }
  if (c.currencies?.length) {
    const cur = new Set(c.currencies);
    rest.push((s) => cur.has(s.currency));
  }
  if (c.kinds?.length) {
    const kinds = new Set(c.kinds);
    rest.push((s) => kinds.has(s.kind));
  }
  return {
    rule,
    text: hasText ? textTest(c.text!) : null,
    field: hasText ? c.text!.field : null,
    rest,
    // An empty rule never matches (see describeRuleProblem), rather than matching everything.
    empty: !hasText && rest.length === 0,
  };
}

export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  return rules.filter((r) => r.enabled).map(compileRule);
}

const CACHE_LIMIT = 100_000;

/** The rules that can match at all (an empty rule never does), in order. */
export function liveRules(compiled: readonly CompiledRule[]): CompiledRule[] {
  return compiled.filter((c) => !c.empty);
}

/**
 * Which of `live` pass their text condition (or have none) for this merchant and description, by
 * index. The answer depends on these two strings only, so callers remember it per merchant.
 */
export function textCandidates(live: readonly CompiledRule[], merchant: string, description: string): number[] {
  const m = merchantPatternText(merchant);
  let d: string | undefined;
  const folded = () => (d ??= merchantPatternText(description));
  const out: number[] = [];
  for (let i = 0; i < live.length; i++) if (!live[i]!.text || live[i]!.text!(m, folded)) out.push(i);
  return out;
}

/**
 * What the candidates that hold decide, in order: the first rule that sets a field wins, tags
 * accumulate. The one place the rules' actions are combined (per row, and per class of rows in
 * services/rules.ts).
 */
export function combineOutcome(live: readonly CompiledRule[], candidates: readonly number[], holds: (index: number) => boolean): RuleOutcome {
  const out: RuleOutcome = { tags: [], ruleIds: [] };
  for (const i of candidates) {
    if (!holds(i)) continue;
    const rule = live[i]!.rule;
    out.ruleIds.push(rule.id);
    const a = rule.actions;
    if (a.categoryId != null && out.categoryId === undefined) out.categoryId = a.categoryId;
    if (a.displayName != null && a.displayName !== '' && out.displayName === undefined) out.displayName = a.displayName;
    if (a.memo != null && a.memo !== '' && out.memo === undefined) out.memo = a.memo;
    for (const tag of a.addTags ?? []) if (!out.tags.includes(tag)) out.tags.push(tag);
  }
  return out;
}

/**
 * Evaluate rules over many rows: which rules' text conditions hold is remembered per merchant
 * (and description, when a rule looks at it), so a million rows from a few thousand merchants
 * fold and match each text once.
 */
export function createEvaluator(compiled: readonly CompiledRule[]): (s: RuleSubject) => RuleOutcome {
  const live = liveRules(compiled);
  const byDescription = live.some((c) => c.field === 'description');
  const cache = new Map<string, number[]>();
  return (s) => {
    if (live.length === 0) return { tags: [], ruleIds: [] };
    const key = byDescription ? `${s.merchant}\u0000${s.description}` : s.merchant;
    let candidates = cache.get(key);
    if (candidates === undefined) {
      candidates = textCandidates(live, s.merchant, s.description);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, candidates);
    }
    return combineOutcome(live, candidates, (i) => live[i]!.rest.every((t) => t(s)));
  };
}

/**
 * An amount bound as an exact bound on minor units of `currency`: the smallest (`>=`) or largest
 * (`<=`) integer amount whose major value (`toMajor`, what the rule compares) passes it, so SQL can
 * test rows without leaving integers. Null when the bound lies beyond exactly representable amounts.
 */
export function minorBound(bound: number, currency: string, op: '>=' | '<='): number | null {
  const guess = bound * 10 ** minorUnits(currency);
  if (!Number.isFinite(guess) || Math.abs(guess) > 2 ** 50) return null;
  const passes = (m: number) => (op === '>=' ? toMajor(m, currency) >= bound : toMajor(m, currency) <= bound);
  // toMajor is monotonic, so the edge is the one integer where `passes` flips; it lies next to the guess.
  let m = op === '>=' ? Math.ceil(guess) : Math.floor(guess);
  const inward = op === '>=' ? 1 : -1;
  for (let i = 0; i < 4 && passes(m - inward); i++) m -= inward;
  for (let i = 0; i < 4 && !passes(m); i++) m += inward;
  return passes(m) && !passes(m - inward) ? m : null;
}

/** One row through the rules (tests, single edits); use `createEvaluator` for many rows. */
export function evaluateRules(compiled: readonly CompiledRule[], s: RuleSubject): RuleOutcome {
  return createEvaluator(compiled)(s);
}

/**
 * The rule Meisai offers when the user re-categorises a merchant: the same normalised merchant →
 * that category. Card payments are never categorised by a learned rule. Its name shows the merchant
 * as read (`shownAs`, e.g. `merchantDisplayText` of the row), never the folded key it matches on.
 */
export function ruleFromEdit(merchant: string, categoryId: number, categoryName: string, shownAs: string = merchant): { name: string; conditions: RuleConditions; actions: RuleActions } {
  // A rule name has room for 200 characters; a long printed text is cut.
  const who = shownAs.length > 120 ? `${shownAs.slice(0, 119)}…` : shownAs;
  return {
    name: `${who} → ${categoryName}`,
    conditions: { text: { field: 'merchant', op: 'equals', value: merchant }, kinds: ['purchase', 'refund', 'fee', 'other'] },
    actions: { categoryId },
  };
}
