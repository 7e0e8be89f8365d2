import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReport } from '../src/pipeline.js';
import { assertDocument } from '../src/model/assert.js';
import { renderCsv } from '../src/emit/csv.js';
import { goldenTables } from './golden-tables.js';
import { reportOf, resources } from './helpers.js';

/**
 * Golden files: test/golden/<report>/input.txt → expected/<table>.csv, one folder per real report.
 * `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` rewrites the expected files (review the diff like code);
 * `T=<name>` runs only the folders whose name contains it.
 */
const root = path.join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const only = process.env.T;

describe('golden', () => {
  const cases = fs.readdirSync(root).filter((name) => !only || name.includes(only)).sort();
  it.each(cases)('golden report %s', (name) => {
    const raw = fs.readFileSync(path.join(root, name, 'input.txt'), 'utf8');
    const doc = analyzeReport(reportOf(raw, name), resources());
    assertDocument(doc);
    expect(doc.status).toBe('ok');
    for (const table of goldenTables([doc])) {
      const file = path.join(root, name, 'expected', table.file);
      const actual = renderCsv(table, { bom: false });
      if (update) fs.writeFileSync(file, actual);
      expect(actual, `${name}/${table.file}`).toBe(fs.readFileSync(file, 'utf8'));
    }
  });
});
