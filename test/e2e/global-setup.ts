import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** `npm test` builds first; `npx playwright test` alone builds only when nothing is built. */
export default function globalSetup(): void {
  const built = fs.existsSync(path.join(root, 'out/main/cli.js')) && fs.existsSync(path.join(root, 'out/renderer/index.html'));
  if (built && !process.env.HOOKBAY_E2E_BUILD) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
