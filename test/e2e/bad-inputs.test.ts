import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run, defaultRunOptions } from '../../src/run.js';
import { docx, pdf } from '../io/build.js';

/**
 * The whole analyze over a corpus of good reports in every format and encoding plus every kind of bad
 * input: each file gets a row, bad ones with a status and a clear error, good ones complete.
 */

const formats = path.resolve(import.meta.dirname, '../fixtures/formats');
let corpus: string;
let out: string;

/** Reads a table back with csv-parse: one object per row, keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

/** Good fixtures (test/fixtures/formats) and their place in the corpus. */
const GOOD: Record<string, string> = {
  'report.docx': 'good/word.docx',
  'report.pdf': 'good/print.pdf',
  'report-gbk.html': 'good/page.html',
  'report-gbk.txt': 'good/gbk.txt',
  'report-utf16le.txt': 'good/utf16.txt',
  'report-traditional.txt': 'good/traditional.txt',
  'report.md': 'good/markdown.md',
  '../office/template.txt': 'good/template.txt',
  '../office/template.doc': 'good/legacy.doc',
  '../office/template.wps': 'good/kingsoft.wps',
  '../office/template.odt': 'good/open.odt',
  '../office/template.rtf': 'good/rich.rtf',
};

const good = (lines: string[]) => lines.join('\n') + '\n';
const formulaReport = good([
  '白沙镇2022年宣传工作总结',
  '=HYPERLINK("http://example.invalid/x","点击领取")今年以来，白沙镇扎实推进宣传思想工作，现将有关情况汇报如下。',
  '一、工作开展情况',
  '@SUM(A1:A9)全年开展理论宣讲活动15场，覆盖群众2000余人。',
  '+86 热线已开通，群众反映问题及时处理。',
  '-2 个村的宣传栏仍需更新。',
  '\t二、存在的问题',
  '宣传队伍力量还比较薄弱。',
]);

/** Bad files: relative path → expected status and a word the error must hold. */
const BAD: Record<string, { status: string; error: RegExp }> = {
  'bad/empty.txt': { status: 'skipped', error: /^empty: / },
  'bad/whitespace only.txt': { status: 'skipped', error: /^empty: / },
  'bad/photo.txt': { status: 'error', error: /^binary: .*PNG/ },
  'bad/nul.txt': { status: 'error', error: /^binary: .*NUL/ },
  'bad/latin1.txt': { status: 'error', error: /^undecodable: / },
  'bad/cut.docx': { status: 'error', error: /^corrupt: .*docx/ },
  'bad/garbage.pdf': { status: 'error', error: /^corrupt: .*PDF/ },
  'bad/locked.pdf': { status: 'error', error: /^encrypted: .*password/ },
  'bad/old.doc': { status: 'error', error: /^corrupt: .*save it as \.docx/ },
  'bad/table.xlsx': { status: 'skipped', error: /^unsupported-format: / },
  'bad/loop': { status: 'error', error: /^unreadable: .*loop/ },
};

const write = (rel: string, data: string | Uint8Array) => {
  const file = path.join(corpus, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
};

/** sha256 of every input file (the output folder excluded), to show the run modifies nothing. */
function inputHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (abs === out) continue;
      if (entry.isDirectory()) visit(abs);
      else if (entry.isFile()) hashes[path.relative(corpus, abs)] = createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
    }
  };
  visit(corpus);
  return hashes;
}

let rootCanReadLocked = false;
let reports: Record<string, string>[];
let paragraphs: Record<string, string>[];
let firstRun: Map<string, Buffer>;
let hashesBefore: Record<string, string>;

beforeAll(async () => {
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-e2e-'));
  out = path.join(corpus, 'out');
  // Note: distinct stems, since report.docx and report.pdf in one folder would share the report id good/report.
  for (const [fixture, name] of Object.entries(GOOD)) write(name, fs.readFileSync(path.join(formats, fixture)));
  write('good/白沙镇 2022 (formula) #1.txt', formulaReport);
  write('bad/empty.txt', '');
  write('bad/whitespace only.txt', ' \r\n\u3000\t\n');
  write('bad/photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  write('bad/nul.txt', Buffer.concat([Buffer.from('宣传工作总结\n'), Buffer.from([0, 1, 0, 2]), Buffer.from('今年以来')]));
  write('bad/latin1.txt', new Uint8Array(Array.from({ length: 300 }, (_, i) => [0x80, 0xff, 0xc3][i % 3])));
  const whole = docx(['宣传工作总结']);
  write('bad/cut.docx', whole.subarray(0, whole.length >> 1));
  write('bad/garbage.pdf', '%PDF-1.7\nnot really a pdf\n');
  write('bad/locked.pdf', pdf([[{ text: '宣传工作总结', x: 72, y: 700 }]], { encrypted: true }));
  write('bad/old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));
  write('bad/table.xlsx', 'x');
  fs.symlinkSync('.', path.join(corpus, 'bad', 'loop'));
  write('bad/locked.txt', good(['青石镇工作总结', '今年以来，我镇开展宣讲活动12场。']));
  fs.chmodSync(path.join(corpus, 'bad/locked.txt'), 0o000);
  try {
    fs.readFileSync(path.join(corpus, 'bad/locked.txt'));
    rootCanReadLocked = true; // running as root: chmod 000 does not stop reading
  } catch {
    // a normal user cannot read it
  }
  // A stale report inside the output folder must never be read as part of the corpus.
  write('out/stale-report.txt', good(['不应被读取的报告', '今年以来，我镇开展宣讲活动12场。']));
  hashesBefore = inputHashes();

  const options = { ...defaultRunOptions, corpus, out, jobs: 1 };
  await run(options);
  firstRun = new Map(fs.readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => [f, fs.readFileSync(path.join(out, f))]));
  await run(options);
  reports = parseCsv(fs.readFileSync(path.join(out, 'reports.csv'), 'utf8'));
  paragraphs = parseCsv(fs.readFileSync(path.join(out, 'paragraphs.csv'), 'utf8'));
}, 120_000);

afterAll(() => {
  fs.chmodSync(path.join(corpus, 'bad/locked.txt'), 0o644);
  fs.rmSync(corpus, { recursive: true, force: true });
});

const row = (source: string) => reports.find((r) => r.source === source);

describe('e2e bad inputs', () => {
  test.each(Object.entries(BAD))('e2e: %s gets a row with its status and a clear error', (source, expected) => {
    const found = row(source);
    expect(found, source).toBeDefined();
    expect(found!.status).toBe(expected.status);
    expect(found!.error).toMatch(expected.error);
  });

  test('e2e: run.json fingerprints every input as it is on disk, whether the analysis read it (fingerprinted then) or not', () => {
    const info = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { inputs: { path: string; bytes: number; sha256: string }[] };
    const paths = info.inputs.map((f) => f.path);
    expect(paths).toContain('good/word.docx'); // read and analysed
    expect(paths).toContain('bad/table.xlsx'); // no reader: not read by the analysis
    expect(paths).toContain('bad/empty.txt');
    for (const input of info.inputs) {
      if (input.path === 'bad/locked.txt' && !rootCanReadLocked) continue;
      expect(input.sha256, input.path).toBe(hashesBefore[input.path]);
      expect(input.bytes, input.path).toBe(fs.statSync(path.join(corpus, input.path)).size);
    }
  });

  test('e2e: an unreadable file is an error row (or read, when running as root)', () => {
    const found = row('bad/locked.txt')!;
    if (rootCanReadLocked) expect(found.status).toBe('ok');
    else expect(found).toMatchObject({ status: 'error', error: expect.stringMatching(/^unreadable: /) });
  });

  test.each([
    ['good/word.docx', 'docx'],
    ['good/print.pdf', 'pdf'],
    ['good/page.html', 'gb18030'],
    ['good/gbk.txt', 'gb18030'],
    ['good/utf16.txt', 'utf-16le'],
    ['good/traditional.txt', 'utf-8'],
    ['good/markdown.md', 'utf-8'],
    ['good/白沙镇 2022 (formula) #1.txt', 'utf-8'],
  ])('e2e: %s is complete', (source, encoding) => {
    const found = row(source)!;
    expect(found).toMatchObject({ status: 'ok', error: '', encoding });
    expect(Number(found.paragraphs)).toBeGreaterThanOrEqual(5);
    expect(found.title).toMatch(/(青石|白沙)(镇|鎮)/);
    expect(paragraphs.filter((p) => p.report_id === found.report_id).length).toBe(Number(found.paragraphs));
  });

  test('e2e: the same report as .txt, .doc, .wps, .odt and .rtf gives the same rows', () => {
    const txt = row('good/template.txt')!;
    expect(txt).toMatchObject({ status: 'ok', error: '' });
    expect(Number(txt.placeholder_count)).toBeGreaterThanOrEqual(12);
    const text = (id: string) => paragraphs.filter((p) => p.report_id === id).map((p) => [p.section, p.text]);
    for (const [source, id, format] of [
      ['good/legacy.doc', 'good/legacy', 'doc'],
      ['good/kingsoft.wps', 'good/kingsoft', 'doc'],
      ['good/open.odt', 'good/open', 'odt'],
      ['good/rich.rtf', 'good/rich', 'rtf'],
    ]) {
      const found = row(source)!;
      expect(found, source).toMatchObject({ status: 'ok', error: '', format, title: txt.title, placeholder_count: txt.placeholder_count, problem_count: txt.problem_count });
      expect(text(id), source).toEqual(text('good/template'));
    }
  });

  test('e2e: a traditional report is analysed as traditional and shown in its own script', () => {
    expect(row('good/traditional.txt')!.script).toBe('traditional');
    expect(row('good/gbk.txt')!.script).toBe('simplified');
    expect(paragraphs.some((p) => p.report_id === 'good/traditional' && p.text.includes('宣傳'))).toBe(true);
  });

  test('e2e: cells beginning with = + - @ tab or CR are neutralised', () => {
    for (const file of firstRun.keys()) {
      for (const record of parseCsv(firstRun.get(file)!.toString('utf8'))) {
        for (const cell of Object.values(record)) expect(cell, `${file}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    const formulaTexts = paragraphs.filter((p) => p.report_id === 'good/白沙镇 2022 (formula) #1').map((p) => p.text);
    expect(formulaTexts.some((t) => t.startsWith(`'=HYPERLINK(`))).toBe(true);
    expect(formulaTexts.some((t) => t.startsWith(`'@SUM(`))).toBe(true);
  });

  test('e2e: two runs give byte-identical tables', () => {
    expect(firstRun.size).toBeGreaterThanOrEqual(2);
    for (const [file, bytes] of firstRun) expect(fs.readFileSync(path.join(out, file)).equals(bytes), file).toBe(true);
  });

  test('e2e: input files are not modified', () => {
    expect(inputHashes()).toEqual(hashesBefore);
  });

  test('e2e: the output folder inside the corpus is not read', () => {
    expect(reports.some((r) => r.source.startsWith('out/'))).toBe(false);
    expect(reports).toHaveLength(Object.keys(BAD).length + 1 + Object.keys(GOOD).length + 1);
  });
});
