/**
 * `hookbay serve`'s start-up with its last-resort handler, then a bug: an exception thrown
 * from a timer, or a promise rejected with nobody listening. Bundled by last-resort.test.ts.
 * argv: <dataDir> <exception|rejection>
 */
import { installLastResort } from '../../src-main/headless/last-resort';
import { startHeadless } from '../../src-main/headless/serve';

async function main(): Promise<void> {
  const [dataDir, kind] = process.argv.slice(2);
  const headless = await startHeadless({ core: { dataDir: dataDir!, receiverPort: 0 }, uiPort: 0 });
  installLastResort(headless.log);
  process.stdout.write('ready\n');
  setTimeout(() => {
    if (kind === 'rejection') void Promise.reject(new Error('a bug nobody awaited'));
    else throw new Error('a bug in a timer');
  }, 50);
}

void main();
