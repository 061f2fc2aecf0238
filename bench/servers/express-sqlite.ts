/**
 * What a user would write by hand: express + express.raw() + better-sqlite3, one INSERT
 * per request, answered after the insert. WAL + synchronous=NORMAL (the usual advice)
 * gives it the same durability as Hookbay's default: it survives a killed process.
 */
import Database from 'better-sqlite3';
import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { announceReady, onStop } from './protocol';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbay-bench-express-'));
const db = new Database(path.join(dir, 'hooks.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE hooks (id INTEGER PRIMARY KEY, method TEXT, url TEXT, headers TEXT, body BLOB, received_at INTEGER)`);
const insert = db.prepare('INSERT INTO hooks (method, url, headers, body, received_at) VALUES (?, ?, ?, ?, ?)');

const app = express();
app.use(express.raw({ type: () => true, limit: '10mb' }));
app.use((req, res) => {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  insert.run(req.method, req.originalUrl, JSON.stringify(req.rawHeaders), body, Date.now());
  res.status(200).json({ ok: true });
});
const server = app.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
onStop(
  () => (db.prepare('SELECT COUNT(*) AS n FROM hooks').get() as { n: number }).n,
  () => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
);
