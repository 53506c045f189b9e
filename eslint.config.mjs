// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/e2e/node_modules/**', '**/*.d.ts', 'src/catalog/generated/**', 'src/tools/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      // Charts are declared before the card whose export button reads them, then assigned.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright scenarios: callbacks passed to page.evaluate run in the browser.
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Notifications go through src/vscode/notify.ts, which makes untrusted text safe to show.
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/notify.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]',
          message: 'Use notify.info/warn/error from src/vscode/notify.ts: it neutralises links and control characters in untrusted text.',
        },
      ],
    },
  },
  // Layers (docs/ARCHITECTURE.md): shared <- core <- {data, catalog} <- tools <- {vscode, cli}; webview sees only shared.
  ...layer('src/shared/**/*.ts', ['core', 'data', 'catalog', 'tools', 'cli', 'vscode', 'extension'], 'src/shared imports nothing else of the project'),
  ...layer('src/core/**/*.ts', ['data', 'catalog', 'tools', 'cli', 'vscode', 'extension'], 'src/core imports only src/core and src/shared'),
  ...layer('src/data/**/*.ts', ['catalog', 'tools', 'cli', 'vscode', 'extension'], 'src/data imports only src/core and src/shared'),
  ...layer('src/catalog/**/*.ts', ['data', 'tools', 'cli', 'vscode', 'extension'], 'src/catalog imports only src/core and src/shared'),
  ...layer('src/tools/**/*.ts', ['data', 'cli', 'vscode', 'extension'], 'src/tools imports only src/core, src/catalog and src/shared'),
  ...layer('src/cli/**/*.ts', ['vscode', 'extension'], 'src/cli imports src/core, src/data, src/catalog, src/tools and src/shared'),
  ...layer('src/vscode/**/*.ts', ['cli', 'extension'], 'src/vscode imports src/core, src/data, src/catalog, src/tools and src/shared'),
  ...layer('webview/**/*.ts', ['core', 'data', 'catalog', 'tools', 'cli', 'vscode', 'extension'], 'webview/ imports only src/shared'),
);

/**
 * One layer's import rule: no import whose path has a segment naming a forbidden layer
 * (`../data/store`, `../../src/vscode/log`), and never the `vscode` module outside src/vscode.
 */
function layer(files, forbidden, message) {
  const segments = forbidden.join('|');
  const patterns = [{ regex: `(^|/)(${segments})(/|$)`, message: `${message} (docs/ARCHITECTURE.md, Layers).` }];
  const paths = files.startsWith('src/vscode') ? [] : [{ name: 'vscode', message: `${message}: only src/vscode and src/extension.ts use the VS Code API.` }];
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { paths, patterns }] } }];
}
