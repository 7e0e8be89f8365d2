import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCheck, runCheck } from '../../src/commands/check.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zongjie-check-'));
  // PDF-style spacing and a CRLF line end: line/column must still point into the file as written
  fs.writeFileSync(file('draft.txt'), '2021年宣传工作总结\r\n\r\n今年以来，全镇共开展宣讲活动 X 场，覆 盖群众x余人。\r\n于X月X日召开表彰大会。\r\n');
  fs.writeFileSync(file('traditional.txt'), '2021年宣傳工作總結\n\n今年以來，全鎮共開展宣講活動X場，覆蓋群眾x餘人。\n');
  fs.writeFileSync(file('clean.txt'), '2021年宣传工作总结\n\n今年以来，全镇共开展宣讲活动12场，更换LED显示屏3块。\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true }));

async function check(files: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCheck(files, (line) => lines.push(line));
  return { code, lines };
}

describe('check command', () => {
  it('lists placeholders with 1-based line and column in the original file and exits 1', async () => {
    const { code, lines } = await check([file('draft.txt')]);
    expect(lines).toEqual([
      `${file('draft.txt')}:3:16  metric   X 场  今年以来，全镇共开展宣讲活动 X 场，覆盖群众x余人。`,
      `${file('draft.txt')}:3:25  metric   x余人  今年以来，全镇共开展宣讲活动 X 场，覆盖群众x余人。`,
      `${file('draft.txt')}:4:2  date     X月X日  于X月X日召开表彰大会。`,
      '3 placeholders in 1 file (1 file checked)',
    ]);
    expect(code).toBe(1);
  });

  it('checks traditional-script files as written', async () => {
    const { code, lines } = await check([file('traditional.txt')]);
    expect(lines.slice(0, 2)).toEqual([
      `${file('traditional.txt')}:3:15  metric   X場  今年以來，全鎮共開展宣講活動X場，覆蓋群眾x餘人。`,
      `${file('traditional.txt')}:3:22  metric   x餘人  今年以來，全鎮共開展宣講活動X場，覆蓋群眾x餘人。`,
    ]);
    expect(code).toBe(1);
  });

  it('exits 0 on a clean file', async () => {
    expect(await check([file('clean.txt')])).toEqual({ code: 0, lines: ['no placeholders (1 file checked)'] });
  });

  it('exits 2 when a file cannot be read, and still checks the others', async () => {
    const { code, lines } = await check([file('missing.txt'), file('draft.txt')]);
    expect(lines[0]).toBe(`${file('missing.txt')}: error: could not read the file: the file no longer exists`);
    expect(lines.at(-1)).toBe('3 placeholders in 1 file (1 file checked); 1 file could not be checked');
    expect(code).toBe(2);
  });

  it('is registered as `check <file...>` and sets the exit code', async () => {
    const program = new Command('zongjie').exitOverride();
    registerCheck(program);
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const before = process.exitCode;
    try {
      await program.parseAsync(['node', 'zongjie', 'check', file('clean.txt'), file('draft.txt')]);
      expect(process.exitCode).toBe(1);
    } finally {
      write.mockRestore();
      process.exitCode = before;
    }
    expect(written.at(-1)).toBe('3 placeholders in 1 file (2 files checked)\n');
  });
});
