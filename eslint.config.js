// Lint rules that keep the runtime layers apart:
//   core (pure domain)   → no electron, no react, no node: modules, no services
//   shared (API contract) → like core
//   services (plain Node) → no electron, no react
//   renderer (untrusted)  → no electron, no node:, no main/preload/services
//   only src/main and src/preload may import electron / electron-store.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electron = { group: ['electron', 'electron/*', 'electron-store'], message: 'Only src/main and src/preload may import Electron.' };
const react = { group: ['react', 'react-dom', 'react-dom/*', 'recharts'], message: 'React belongs to the renderer only.' };
const node = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'This layer is pure: no Node-only modules or database.' };
const layers = (...names) => ({ group: names.flatMap((n) => [`**/${n}/**`, `**/${n}`]), message: `This layer may not import ${names.join(', ')}.` });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'drizzle/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, react, node, layers('services', 'main', 'preload', 'renderer', 'web', 'cli')] }] },
  },
  {
    files: ['src/services/**', 'src/web/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, react, layers('main', 'preload', 'renderer')] }] },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [electron, node, layers('main', 'preload', 'services', 'web', 'cli')] }],
    },
  },
  {
    // The security decisions are pure so they can be tested without Electron.
    files: ['src/main/security.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron] }] },
  },
  {
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [react, node, layers('main', 'services', 'renderer', 'core', 'web', 'cli')] }] },
  },
  {
    files: ['tests/**', 'scripts/**', 'bench/**', 'bin/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron] }] },
  },
);
