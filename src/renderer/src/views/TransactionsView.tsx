/** The Transactions section: the workspace, the rules that categorise it, and its categories and tags. */
import { useState } from 'react';
import type { TransactionFilter } from '../../../shared/api/contract';
import { useI18n } from '../i18n';
import { ForeignView } from './ForeignView';
import { CategoriesView } from './CategoriesView';
import { KnowledgeView } from './KnowledgeView';
import { RulesView } from './RulesView';
import { Workspace } from './transactions/Workspace';
import './transactions/workspace.css';

type Tab = 'transactions' | 'rules' | 'categories' | 'knowledge' | 'foreign';
const TABS: Tab[] = ['transactions', 'rules', 'categories', 'knowledge', 'foreign'];

export function TransactionsView({ onImport, homeCurrency, initialFilter = {} }: { onImport: () => void; homeCurrency: string; initialFilter?: TransactionFilter }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('transactions');
  // A filter handed over from another tab (a trip's rows); the workspace starts with it.
  const [handed, setHanded] = useState<{ filter: TransactionFilter; n: number }>({ filter: initialFilter, n: 0 });
  return (
    <section className="view" aria-labelledby="tx-title">
      <h1 id="tx-title">{t('tx.title')}</h1>
      <div className="tabs" role="tablist" aria-label={t('tx.title')}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`panel-${k}`}
            className={tab === k ? 'tab active' : 'tab'}
            onClick={() => setTab(k)}
            data-testid={`tab-${k}`}
          >
            {t(`ws.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'transactions' ? (
          <Workspace key={handed.n} onImport={onImport} initialFilter={handed.filter} />
        ) : tab === 'rules' ? (
          <RulesView />
        ) : tab === 'categories' ? (
          <CategoriesView />
        ) : tab === 'knowledge' ? (
          <KnowledgeView />
        ) : (
          <ForeignView
            homeCurrency={homeCurrency}
            onShowRows={(filter) => {
              setHanded((h) => ({ filter, n: h.n + 1 }));
              setTab('transactions');
            }}
          />
        )}
      </div>
    </section>
  );
}
