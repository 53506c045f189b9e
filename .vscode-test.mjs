// @vscode/test-cli launcher for desktops with internet access (it downloads VS Code):
//   npm run test:integration:desktop
// These machines use the code-server launcher instead (npm run test:integration).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/integration/suite/*.test.js',
  version: 'stable',
  workspaceFolder: './sample/notes',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60000 },
  env: { HASHPIVOT_TEST_PROFILE: '1' },
});
