/** The Transactions section: the workspace, the rules that categorise it, and its categories and tags. */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { CategoriesView } from './CategoriesView';
import { RulesView } from './RulesView';
import { Workspace } from './transactions/Workspace';
import './transactions/workspace.css';

type Tab = 'transactions' | 'rules' | 'categories';
const TABS: Tab[] = ['transactions', 'rules', 'categories'];

export function TransactionsView({ onImport }: { onImport: () => void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('transactions');
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
        {tab === 'transactions' ? <Workspace onImport={onImport} /> : tab === 'rules' ? <RulesView /> : <CategoriesView />}
      </div>
    </section>
  );
}
