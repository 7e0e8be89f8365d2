import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { FIXTURES } from './fixtures.js';

const dir = path.resolve(__dirname, '../fixtures/formats');

test.each(Object.keys(FIXTURES))('fixture %s matches its builder', (name) => {
  const built = Buffer.from(FIXTURES[name]());
  const file = path.join(dir, name);
  if (process.env.UPDATE_FIXTURES === '1') {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, built);
  }
  expect(Buffer.compare(fs.readFileSync(file), built)).toBe(0);
});
