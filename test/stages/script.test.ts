import { describe, expect, test } from 'vitest';
import { detectScript, scriptCounts, scriptCountsCounted, scriptCountsOfUnits, scriptOf, scriptStage, toSimplified, traditionalPairsFromOpenCC, traditionalUnits } from '../../src/stages/script.js';
import { loadTraditionalPairs } from '../../src/data/traditional-chars.js';
import { codeUnitsOf } from '../../src/model/code-units.js';
import type { Doc } from '../../src/model/report.js';
import type { Resources } from '../../src/data/resources.js';

const simplified = '今年以来，我镇宣传思想工作坚持围绕中心、服务大局，著名作家来访，组织开展理论学习12次，什么都做了。\n二、存在的问题\n群众参与度不高。';
const traditional = '今年以來，我鎮宣傳思想工作堅持圍繞中心、服務大局，組織開展理論學習12次，覆蓋群眾三千餘人。\n二、存在的問題\n裡面群眾參與度不高，臺灣同胞來訪。';

const run = (cleaned: string) => scriptStage.run({ cleaned } as Doc, {} as Resources);

describe('script', () => {
  test('data/traditional-chars.txt holds what OpenCC converts each ideograph to (regenerate its lines from the printed text when they differ)', () => {
    const fromOpenCC = traditionalPairsFromOpenCC();
    const pairs = loadTraditionalPairs();
    if (fromOpenCC !== pairs) console.log(fromOpenCC.match(/.{1,100}/gsu)!.join('\n'));
    expect(fromOpenCC.length).toBeGreaterThan(2 * 2000);
    expect(pairs).toBe(fromOpenCC);
  });

  test('script detects simplified and traditional text', () => {
    expect(detectScript(simplified)).toBe('simplified');
    expect(detectScript(traditional)).toBe('traditional');
    expect(detectScript('')).toBe('simplified');
    expect(detectScript('English only, 2021.')).toBe('simplified');
  });

  test('script counts as traditional exactly the ideographs that convert to another character of the same length', () => {
    const ideographs: string[] = [];
    for (let cp = 0x3400; cp <= 0x9fff; cp++) if (cp < 0x4dc0 || cp >= 0x4e00) ideographs.push(String.fromCharCode(cp));
    const converted = toSimplified(ideographs.join('\n')).split('\n');
    const expected = ideographs.filter((ch, i) => converted[i] !== ch && converted[i].length === 1);
    const detected = ideographs.filter((ch) => detectScript(ch.repeat(3)) === 'traditional');
    expect(expected.length).toBeGreaterThan(2000);
    expect(detected).toEqual(expected);
    // 3 traditional characters in 60 Han (5 %) make a text traditional, 2 do not
    expect(detectScript('國語學'.padEnd(60, '的'))).toBe('traditional');
    expect(detectScript('國語'.padEnd(60, '的'))).toBe('simplified');
  });

  test('script keeps a simplified text quoting a few traditional names simplified', () => {
    expect(detectScript(simplified.repeat(3) + '《國語》')).toBe('simplified');
  });

  test('script passes simplified text through as the same string', () => {
    const out = run(simplified);
    expect(out.script).toBe('simplified');
    expect(out.text).toBe(simplified);
  });

  test('script converts traditional text to simplified with the same length', () => {
    const out = run(traditional);
    expect(out.script).toBe('traditional');
    expect(out.text.length).toBe(traditional.length);
    expect(out.text).toContain('今年以来，我镇宣传思想工作坚持围绕中心、服务大局');
    expect(out.text).toContain('二、存在的问题');
    expect(out.text).toContain('台湾同胞来访');
    // offsets stay aligned: punctuation, digits and newlines sit where they were
    for (let i = 0; i < traditional.length; i++) {
      if (/[，、。\n0-9]/.test(traditional[i])) expect(out.text[i]).toBe(traditional[i]);
    }
  });

  test('script takes a cleaned text as simplified without reading it when clean found fewer than 3 traditional characters in the raw text', () => {
    // the cleaned text is made of the raw text's characters, so this pairing cannot happen in the pipeline: it
    // shows that the stage did not read `cleaned`
    const stage = (rawTraditional: number | null) => scriptStage.run({ cleaned: traditional, rawTraditional } as Doc, {} as Resources);
    expect(stage(2)).toEqual({ script: 'simplified', text: traditional });
    expect(stage(3).script).toBe('traditional');
    // raw text longer than the count reads: cleaned is read
    expect(stage(null).script).toBe('traditional');
  });

  test('script keeps length when a line holds supplementary-plane characters', () => {
    const line = '𠮷野家的鎮長說：這裡是𡘙。';
    expect(toSimplified(line).length).toBe(line.length);
  });

  test('scriptCounts counts Han characters only when 3 or more are traditional-only, and decides as a full count does', () => {
    const simplified = '今年以来，我镇加强组织领导。會議'; // two traditional-only characters: never traditional
    expect(scriptCounts(simplified)).toEqual({ han: null, traditional: 2, whole: true });
    expect(scriptOf(scriptCounts(simplified))).toBe('simplified');
    const traditional = '會議學習，開展工作。';
    const counts = scriptCounts(traditional);
    expect(counts.traditional).toBeGreaterThanOrEqual(3);
    expect(counts.han).toBe([...traditional].filter((ch) => ch >= '\u3400' && ch <= '\u9fff').length);
    expect(scriptOf(counts)).toBe('traditional');
    // few traditional-only characters among many Han ones (under 5%): simplified
    const quoting = '會議學習' + '工作'.repeat(100);
    expect(scriptOf(scriptCounts(quoting))).toBe('simplified');
    // the edges of the range: U+3400 and U+9FFF count as Han, U+33FF and U+A000 do not
    expect(scriptCounts('會議學\u3400\u9fff\u33ff\ua000').han).toBe(5);
  });

  test('traditionalUnits holds exactly the characters scriptCounts counts as traditional-only', () => {
    const bits = traditionalUnits();
    const inSet = (unit: number) => ((bits[unit >>> 5] >>> (unit & 31)) & 1) === 1;
    const all = Uint16Array.from({ length: 65536 }, (_, unit) => unit);
    const differing: number[] = [];
    for (let unit = 0; unit < 65536; unit++) if (inSet(unit) !== (scriptCountsOfUnits(all.subarray(unit, unit + 1), 1).traditional === 1)) differing.push(unit);
    expect(differing).toEqual([]);
    expect(inSet('會'.charCodeAt(0)) && !inSet('会'.charCodeAt(0))).toBe(true);
  });

  test('scriptCountsCounted of a traditional count made elsewhere is scriptCountsOfUnits', () => {
    for (const text of [simplified, traditional, '會議學習'.repeat(6000), '']) {
      const counts = scriptCountsOfUnits(codeUnitsOf(text), text.length);
      expect(scriptCountsCounted(counts.traditional, codeUnitsOf(text), text.length)).toEqual(counts);
    }
  });

  test('scriptCountsOfUnits counts the first 20,000 code units, and says whether they were the whole text', () => {
    const text = '會議學習'.repeat(6000); // 24,000 units, 3 in 4 traditional-only
    const counts = scriptCountsOfUnits(codeUnitsOf(text), text.length);
    expect(counts).toEqual({ han: 20_000, traditional: scriptCounts(text.slice(0, 20_000)).traditional, whole: false });
    expect(counts).toEqual(scriptCounts(text));
    expect(scriptCountsOfUnits(codeUnitsOf('會議學'), 3)).toEqual(scriptCounts('會議學'));
  });
});
