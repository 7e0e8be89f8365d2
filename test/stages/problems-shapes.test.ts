import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';

/**
 * The problem items share one object shape however they are made (numbered, listed in prose, generic), also once the
 * code making them is optimised: an object spread with more fields (`{ ...span, headline, … }`) gets a map of its own
 * for each object there, and the code reading the items then goes megamorphic and deoptimises ("wrong map").
 * Checked in a child node with --allow-natives-syntax (%HaveSameMap) on the compiled dist/ (rebuilt by the global setup).
 */
const CHILD = `
const { extractProblems } = await import(process.argv[1] + '/stages/problems.js');
const { makeParagraph } = await import(process.argv[1] + '/model/report.js');
function build(lines) {
  let text = '';
  const paragraphs = lines.map(([section, line, heading], i) => {
    const start = text.length;
    text += line + '\\n';
    return makeParagraph(start, start + line.length, i + 1, section, heading ?? false, heading ? 1 : 0, undefined);
  });
  return { text, paragraphs };
}
const listed = build([
  ['work', '一、工作成效', true], ['work', '全年完成各项任务。'],
  ['problems', '二、存在的问题', true],
  ['problems', '在肯定成绩的同时，我们也清醒认识到，工作中还存在一些不足，主要是：干部队伍老化严重；集体经济发展滞后；基础设施建设薄弱。'],
  ['problems', '(一)宣传阵地建设滞后。', true], ['problems', '部分村宣传栏破损,内容长期不更新。'],
  ['problems', '(二)干部学习积极性不高。', true], ['problems', '个别干部以工作忙为由缺席学习。'],
  ['plans', '三、下步打算', true], ['plans', '加强队伍建设。'],
]);
const generic = build([['problems', '二、存在的问题', true], ['problems', '工作中还存在着一定的差距和不足。'], ['plans', '三、下步打算', true]]);
const items = [];
for (let r = 0; r < 3000; r++) for (const { text, paragraphs } of [listed, generic]) items.push(...extractProblems(text, paragraphs));
const maps = [];
for (const item of items) if (!maps.some((m) => %HaveSameMap(m, item))) maps.push(item);
console.log(JSON.stringify({ items: items.length, generic: items.filter((i) => i.generic).length, maps: maps.length }));
`;

test('problem items share one object shape, also when made by optimised code', () => {
  const dist = path.resolve(import.meta.dirname, '../../dist');
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', CHILD, dist], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  const got = JSON.parse(child.stdout);
  // 5 items of the listed text (3 listed in prose, 2 numbered) and 1 generic one, 3,000 times over
  expect(got.items).toBe(6 * 3000);
  expect(got.generic).toBe(3000);
  expect(got.maps).toBe(1);
});
