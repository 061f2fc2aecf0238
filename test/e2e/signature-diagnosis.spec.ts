import { expect, rows, test } from './fixtures';
import { sendWebhook } from './hookbay-server';
import { GITHUB_SECRET, githubSignature } from './seed';

const send = (url: string, body: string, signature: string) =>
  sendWebhook(url, { headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature }, body });

test('a changed body is named first when the same secret verified this endpoint recently', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: [GITHUB_SECRET] } });
  const url = `${hookbay.receiverUrl}/github`;
  const body = '{"ref":"refs/heads/main"}';
  await send(url, body, githubSignature(body));
  await expect(rows(page).first().getByTestId('signature-badge')).toHaveText('valid');
  await send(url, body.replace('main', 'evil'), githubSignature(body));
  await expect(rows(page)).toHaveCount(2);
  await rows(page).first().click();
  await page.getByTestId('tab-signature').click();
  const reason = page.getByTestId('signature-reason');
  await expect(reason).toContainText('the same secret verified 1 other request of this endpoint');
  await expect(reason).toContainText('the body (or another signed part) was most likely changed after signing');
});

test('without that evidence a mismatch names the wrong secret first, each cause joined by "or"', async ({ inspector: page, hookbay }) => {
  await hookbay.api('POST', '/api/endpoints', { name: 'GitHub', slug: 'github', verify: { scheme: 'github', secrets: [GITHUB_SECRET] } });
  const body = '{"ref":"refs/heads/main"}';
  await send(`${hookbay.receiverUrl}/github`, body, githubSignature(body, 'some-other-secret'));
  await rows(page).first().click();
  await page.getByTestId('tab-signature').click();
  await expect(page.getByTestId('signature-reason')).toContainText(
    'the secret is wrong (copy it again from the provider), or the request was changed in transit',
  );
});
