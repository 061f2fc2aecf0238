import { expect, rows, test } from './fixtures';
import { XSS_MARKUP, sendCorpus } from '../fixtures/xss-corpus';
import { sendWebhook } from './hookbay-server';

const PAYLOADS = [
  '<script>window.__pwned = 1; alert(1)</script>',
  '<img src=x onerror="window.__pwned = 2; alert(2)">',
  '<svg onload="window.__pwned = 3; alert(3)"><script>alert(4)</script></svg>',
  '<a href="javascript:alert(5)">click me</a>',
  '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>',
];
const RLO = '\u202E';

test('hostile payloads render as inert text', async ({ inspector: page, hookbay }) => {
  const base = hookbay.receiverUrl;
  await sendWebhook(`${base}/<script>alert(1)</script>?q=<img src=x onerror=alert(1)>`, {
    headers: { 'Content-Type': 'text/html', 'X-Evil': PAYLOADS[1]!, 'X-Link': 'javascript:alert(document.domain)' },
    body: PAYLOADS.join('\n'),
  });
  // Node's client refuses raw non-ASCII in a path or header, so the RTL override rides in the body's event type.
  await sendWebhook(`${base}/hook`, {
    headers: { 'Content-Type': 'application/json', 'X-Link': `<img src=x onerror=alert(7)>` },
    body: JSON.stringify({ type: `invoice${RLO}fdp.exe`, [`<img src=x onerror=alert(9)>`]: 'javascript:alert(10)', svg: '<svg onload=alert(8)>' }),
  });
  await sendWebhook(`${base}/`, { headers: { 'Content-Type': 'image/svg+xml' }, body: PAYLOADS[2]! });
  await sendWebhook(`${base}/`, { headers: { 'Content-Type': 'application/xml' }, body: `<?xml version="1.0"?><a>${PAYLOADS[0]}</a>` });
  await expect(rows(page)).toHaveCount(4);

  // Visit every row, every tab and every body view.
  for (let i = 0; i < 4; i++) {
    await rows(page).nth(i).click();
    for (const tab of ['overview', 'headers', 'body', 'signature', 'deliveries']) {
      await page.getByTestId(`tab-${tab}`).click();
      if (tab === 'body') {
        for (const view of await page.locator('[data-testid^="body-view-"]').all()) await view.click();
      }
    }
  }
  // The filter menu shows event types taken from payloads too.
  await page.getByTestId('filter-menu-event').click();
  await page.keyboard.press('Escape');

  const root = page.locator('#root');
  await expect(root.locator('script, img, svg, iframe, object, embed')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i], [onerror], [onload], [srcdoc]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // The payload is visible as text, not lost.
  await rows(page).nth(3).click();
  await page.getByTestId('tab-body').click();
  await page.getByTestId('body-view-raw').click();
  await expect(page.getByTestId('body-raw')).toContainText('<script>window.__pwned = 1');
  // A right-to-left override cannot disguise a path: it is shown as an escape.
  await expect(rows(page).nth(2).getByTestId('event-type')).toHaveText('invoice\\u202Efdp.exe');
  await rows(page).nth(2).click();
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('overview').locator('.invisible-char')).toHaveText('\\u202E');
  // (The inspector fixture fails the test if any dialog opened.)
});

// The shared corpus (test/fixtures/xss-corpus.ts), sent as exact bytes over raw sockets:
// bodies of every viewer's content type, hostile header names and values, raw and
// percent-encoded paths, deceptive Unicode, and a 2 MB single-line JSON document.
test('the shared XSS corpus renders inert in every view', async ({ inspector: page, hookbay }) => {
  test.setTimeout(120_000);
  const sent = await sendCorpus(hookbay.receiverUrl);
  expect(sent.filter((s) => s.status !== 200)).toEqual([]);
  await expect(rows(page)).toHaveCount(sent.length);

  for (let i = 0; i < sent.length; i++) {
    const t0 = Date.now();
    await rows(page).nth(i).click();
    for (const tab of ['overview', 'headers', 'body', 'signature', 'deliveries']) {
      await page.getByTestId(`tab-${tab}`).click();
      if (tab === 'body') {
        for (const view of await page.locator('[data-testid^="body-view-"]').all()) await view.click();
      }
    }
    // Even the 2 MB single-line document must not freeze the inspector.
    expect(Date.now() - t0, `request ${i}`).toBeLessThan(15_000);
  }
  await page.getByTestId('filter-menu-event').click();
  await page.keyboard.press('Escape');

  const found = await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('#root *'));
    return {
      handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on'))).map((el) => el.outerHTML.slice(0, 120)),
      // (The app's own search form is fine; a form whose action is a script URL is caught below.)
      active: Array.from(document.querySelectorAll('#root :is(script, img, svg, iframe, object, embed, math, base, meta, style, frame, frameset, template)')).map((el) => el.tagName),
      urls: all
        .filter((el) => ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].some((n) => /^\s*(javascript|data|vbscript):|<script/i.test(el.getAttribute(n) ?? '')))
        .map((el) => el.outerHTML.slice(0, 120)),
      // index.html's own CSP meta is expected; a base or a refresh from a payload is not.
      head: Array.from(document.querySelectorAll('base, meta[http-equiv="refresh" i]')).map((el) => el.outerHTML),
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
    };
  });
  expect(found).toEqual({ handlers: [], active: [], urls: [], head: [], xss: null });

  // The payloads are shown as text, not dropped: the HTML body is readable in the raw view.
  await rows(page).filter({ hasText: '/xss/html-body' }).click();
  await page.getByTestId('tab-body').click();
  await page.getByTestId('body-view-raw').click();
  await expect(page.getByTestId('body-raw')).toContainText(XSS_MARKUP[0]!.text);
  // (The inspector fixture fails the test on any dialog or page error.)
});
