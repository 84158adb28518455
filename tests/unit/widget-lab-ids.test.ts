// In a class, each widget on a page gets a class lab of its own, keyed by its element id: a widget that opens a
// lab session without passing `widgetId` would share one class lab with every other widget of its kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const widgets = fileURLToPath(new URL('../../src/widgets/', import.meta.url));
/** Sessions that always join a lab by id (never a class lab of their own): the chat's bot joins its widget's lab. */
const JOINS_BY_ID = new Set(['chat/bot.ts']);

test('every openLabSession call in a widget passes its widgetId', () => {
  const calls: string[] = [];
  const missing: string[] = [];
  for (const dir of readdirSync(widgets, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(widgets, dir.name))) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(widgets, dir.name, file), 'utf8');
      for (const match of text.matchAll(/openLabSession\(\{([\s\S]*?)\n\s*\}\);/g)) {
        calls.push(`${dir.name}/${file}`);
        if (!/\bwidgetId\b/.test(match[1]!) && !JOINS_BY_ID.has(`${dir.name}/${file}`))
          missing.push(`${dir.name}/${file}`);
      }
    }
  }
  assert.ok(calls.length >= 10, `found only ${calls.length} calls: the pattern no longer matches the code`);
  assert.deepEqual(missing, []);
});
