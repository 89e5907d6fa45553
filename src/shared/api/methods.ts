/**
 * The API's method names, dependency-free so the sandboxed preload can expose exactly these verbs.
 * `contract.ts` is checked against this list at compile time: neither can drift from the other.
 */
export const API_METHODS = [
  'app.info',
  'settings.get',
  'settings.update',
  'cards.list',
  'import.preview',
  'import.commit',
  'import.inspect',
  'import.progress',
  'imports.list',
  'imports.undo',
  'profiles.list',
  'profiles.delete',
  'files.list',
  'files.check',
  'files.repair',
  'files.read',
  'files.open',
  'files.moveLibrary',
  'files.bundle',
  'documents.addReceipts',
  'documents.link',
  'documents.unlink',
  'documents.forTransaction',
  'documents.suggest',
  'transactions.list',
  'transactions.update',
  'categories.list',
  'categories.save',
  'categories.delete',
  'tags.list',
  'tags.save',
  'tags.delete',
  'rules.list',
  'rules.save',
  'rules.delete',
  'rules.reorder',
  'rules.preview',
  'rules.apply',
  'history.state',
  'history.undo',
  'history.redo',
  'filters.list',
  'filters.save',
  'filters.delete',
  'summary.month',
  'fx.summary',
  'trips.list',
  'trips.save',
  'trips.delete',
  'subscriptions.list',
  'subscriptions.mark',
  'subscriptions.add',
  'reviews.list',
  'reviews.save',
  'review.month',
  'budgets.set',
  'review.mark',
  'cards.update',
  'export.month',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

export const IPC_PREFIX = 'meisai:';

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}
