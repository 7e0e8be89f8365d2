import { describe, expect, test } from 'vitest';
import { anyMatchTester } from '../../src/stages/match-tester.js';
import { CLAUSE_BREAKS, clausesOf } from '../../src/stages/problem-list.js';
import { defaultProblemCues } from '../../src/data/problem-cues.js';

const cues = defaultProblemCues();

/** Self-written stretches: some hold an announcing clause, some none. */
const STRETCHES = [
  '在肯定成绩的同时，我们也清醒看到，发展中还存在不少困难和问题，主要是：集体经济薄弱；人才流失较多。',
  '全年新建道路12公里，完成改厕300户，群众满意度明显提升。',
  '同时，也要看到，镇域经济总量偏小，财政收入增长乏力。',
  '与群众期盼相比还有不小差距。',
  '宣传队伍老化，新老问题新挑战交织，问题困难依然不少。',
  '工作中还存在一些不足，具体表现在以下几个方面：',
  '我镇新问题不多，老百姓安居乐业。',
  '但是我们的工作中也存在着一定的问题和差距',
  '但仍需警惕“三类风险”：',
  '存在的困难问题，包括三个方面：',
];

describe('anyMatchTester', () => {
  const sets: [string, RegExp[]][] = [
    ['statement+vague', [...cues.statement, ...cues.vague]],
    ['statement+vague+admission', [...cues.statement, ...cues.vague, ...cues.admission]],
    ['intro', cues.intro],
    ['intro+announce', [...cues.intro, ...cues.announce]],
  ];
  test.each(sets)('accepts every stretch in which some clause matches (%s)', (_name, patterns) => {
    const tester = anyMatchTester(patterns);
    expect(tester).not.toBeNull();
    let clauseHits = 0;
    for (const text of STRETCHES) {
      const hit = clausesOf(text, 0, text.length).some((c) => patterns.some((re) => re.test(text.slice(c.start, c.end))));
      if (hit) {
        clauseHits++;
        expect(tester!.test(text), text).toBe(true);
      }
    }
    expect(clauseHits).toBeGreaterThan(0);
  });

  test('accepts every window in which an intro pattern matches at its end', () => {
    const tester = anyMatchTester(cues.intro)!;
    const text = '今年工作取得一定成效，但也存在一些问题，主要表现在：一是学习不深入；二是阵地管理不规范。';
    const marker = text.indexOf('一是');
    const window = text.slice(Math.max(0, marker - 60), marker);
    expect(cues.intro.some((re) => re.test(window))).toBe(true);
    expect(tester.test(text)).toBe(true);
  });

  test('rejects a work paragraph with no announcing words', () => {
    expect(anyMatchTester([...cues.statement, ...cues.vague])!.test('全年新建道路12公里，完成改厕300户，群众满意度明显提升。')).toBe(false);
  });

  test('widens anchors and leading atoms, keeps what follows', () => {
    expect(anyMatchTester([/^(?:我们|同时)?也要看到$/u])!.source).toBe('(?:也要看到)');
    expect(anyMatchTester([/^[^，,。]{0,6}存在(?:不足|问题)[：:]?$/u])!.source).toBe('(?:存在(?:不足|问题)[：:]?)');
    expect(anyMatchTester([/(?:^|[^新])老问题/u])!.source).toBe('(?:老问题)');
    expect(anyMatchTester([/a|^b$/u])!.source).toBe('(?:a)|(?:b)');
  });

  test('gives no shortcut for lookarounds, backreferences or other flags', () => {
    expect(anyMatchTester([/(?<!不)足/u])).toBeNull();
    expect(anyMatchTester([/(问题)\1/u])).toBeNull();
    expect(anyMatchTester([/问题/iu])).toBeNull();
    expect(anyMatchTester([/^.*$/u])).toBeNull();
  });

  test.each(sets)('answers as its regex does, on whole texts and on ranges (%s)', (_name, patterns) => {
    const tester = anyMatchTester(patterns)!;
    expect(tester.openingCharacters).not.toBeNull();
    const regex = new RegExp(tester.source, 'u');
    let hits = 0;
    for (const text of [...STRETCHES, STRETCHES.join('')]) {
      expect(tester.test(text), text).toBe(regex.test(text));
      for (const c of clausesOf(text, 0, text.length)) {
        const words = text.slice(c.start, c.end);
        expect(tester.test(text, c.start, c.end), words).toBe(regex.test(words));
        if (regex.test(words)) hits++;
      }
    }
    expect(hits).toBeGreaterThan(0);
  });

  test('knows the characters a match opens on through groups, optional atoms and classes', () => {
    expect(anyMatchTester([/(?:存在|有)(?:着)?问题/u])!.openingCharacters).toBe('存有');
    expect(anyMatchTester([/(?:也|还)+看到[：:]/u])!.openingCharacters).toBe('也还');
    // a group that may match nothing lets the atom after it open a match too
    expect(anyMatchTester([/(?:问题|(?:也)?)+看到/u])!.openingCharacters).toBe('也看问');
    expect(anyMatchTester([/(?:[(（]一)/u, /\[二\]/u])!.openingCharacters).toBe('([（');
    // a match that opens inside a range may match a stretch that holds no listed character
    expect(anyMatchTester([/(?:[a-z]+)问题/u])!.openingCharacters).toBeNull();
    expect(anyMatchTester([/(?:\d+)个问题/u])!.openingCharacters).toBeNull();
    // a pattern that may match the empty string matches everywhere
    expect(anyMatchTester([/(?:问题|(?:也)?)+/u])!.openingCharacters).toBeNull();
    expect(anyMatchTester([/(?:[a-z]+)问题/u])!.test('存在abc问题', 2, 7)).toBe(true);
    expect(anyMatchTester([/(?:[a-z]+)问题/u])!.test('存在abc问题', 2, 6)).toBe(false);
  });

  test('finds no match that runs past the end of the range', () => {
    // (enough alternatives that the tester scans for their opening characters itself)
    const tester = anyMatchTester([/存在(?:不足|问题)/u, ...[...'甲乙丙丁戊己庚'].map((ch) => new RegExp(`${ch}方面`, 'u'))])!;
    expect(tester.openingCharacters).toBe('丁丙乙存己庚戊甲');
    expect(tester.test('工作中存在问题。', 0, 6)).toBe(false);
    expect(tester.test('工作中存在问题。', 0, 7)).toBe(true);
    expect(tester.test('工作中存在问题。', 4, 8)).toBe(false);
  });

  test('tries only where a match can open on its first two characters, and answers as its regex does', () => {
    // enough alternatives that the tester scans; openings of one character, optional and repeated atoms, a class, a
    // lazy gap and a word followed by any character (与…差距)
    const patterns = [
      /存在(?:着)?(?:不足|问题)/u,
      /(?:也|还)?有问题/u,
      /与[^，。]{1,4}?差距/u,
      /[甲乙]{2,3}方面/u,
      /不足+/u,
      /题/u,
      /(?:问题|困难){0,2}较多/u,
      /着\./u,
      /在[^，]*足/u,
    ];
    const tester = anyMatchTester(patterns)!;
    const regex = new RegExp(tester.source, 'u');
    const alphabet = [...'存在着不足问题也还有与差距甲乙方面困难较多.，。字'];
    let state = 11;
    let hits = 0;
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let i = 0; i < 12; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += alphabet[(state >>> 8) % alphabet.length];
      }
      for (let from = 0; from < text.length; from += 3) {
        for (let to = from; to <= text.length; to += 2) {
          const expected = regex.test(text.slice(from, to));
          if (expected) hits++;
          expect(tester.test(text, from, to), JSON.stringify([text, from, to])).toBe(expected);
        }
      }
    }
    expect(hits).toBeGreaterThan(1000);
  });

  /** Texts of `length` pieces from `alphabet`, by a fixed pseudo-random sequence. */
  function randomTexts(alphabet: string[], count: number, length: number, seed: number): string[] {
    const texts: string[] = [];
    let state = seed;
    for (let round = 0; round < count; round++) {
      let text = '';
      for (let i = 0; i < length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += alphabet[(state >>> 8) % alphabet.length];
      }
      texts.push(text);
    }
    return texts;
  }

  test('answers as its regex does on words that share their first two characters with matches', () => {
    // words that share their first two characters with many that are no match (群众 / 群众普遍反映), matches of two
    // characters beside longer ones on the same pair, and a pair followed by any character
    const patterns = [
      /群众(?:普遍|集中)反映/u,
      /干部群众/u,
      /问题(?:和|与)?(?:不少|较多)/u,
      /问题[：:]/u,
      /方面/u,
      /方法[^，]困难/u,
      /居民反映/u,
      /(?:群众|居民){2}/u,
      /反映问题较多/u,
    ];
    const tester = anyMatchTester(patterns)!;
    const regex = new RegExp(tester.source, 'u');
    let hits = 0;
    const alphabet = ['群众', '群', '众', '普遍', '集中', '反映', '干部', '问题', '问', '和', '与', '不少', '较多', '：', '方面', '方法', '困难', '居民', '，', '字'];
    for (const text of randomTexts(alphabet, 600, 7, 7)) {
      for (let from = 0; from < text.length; from += 2) {
        for (let to = from; to <= text.length; to++) {
          const expected = regex.test(text.slice(from, to));
          if (expected) hits++;
          expect(tester.test(text, from, to), JSON.stringify([text, from, to])).toBe(expected);
        }
      }
    }
    expect(hits).toBeGreaterThan(1000);
  });

  test('told the part breaks, tries an alternative anchored at a part start only there', () => {
    // (the statements and vague admissions together: enough alternatives that the tester scans)
    const patterns = [...cues.statement, ...cues.vague];
    const tester = anyMatchTester(patterns, CLAUSE_BREAKS)!;
    // ^(?:与|同|和…)…相比…差距 opens a clause; inside one it is no admission
    expect(tester.test('工作与群众期盼相比还有不小差距')).toBe(false);
    expect(anyMatchTester(patterns)!.test('工作与群众期盼相比还有不小差距')).toBe(true);
    expect(tester.test('工作，与群众期盼相比还有不小差距')).toBe(true);
    expect(tester.test('工作。  与群众期盼相比还有不小差距')).toBe(true);
    expect(tester.test('  与群众期盼相比还有不小差距')).toBe(true);
    expect(tester.test('工作与群众期盼相比还有不小差距', 2)).toBe(true);
    // (a character that an unanchored alternative opens on too is tried anywhere)
    expect(anyMatchTester([...patterns, /与群众/u], CLAUSE_BREAKS)!.test('工作与群众期盼相比还有不小差距')).toBe(true);
  });

  test('told the part breaks, accepts every range in which a pattern matches a clause or the range from its start', () => {
    const patterns = [/^(?:与|和)[^，,。；;]{1,4}差距$/u, /^(?:但|同时)?也存在问题/u, /问题较多$/u, /(?:^|我们)也看到/u, ...[...'甲乙丙丁戊'].map((ch) => new RegExp(`^${ch}方面`, 'u'))];
    const tester = anyMatchTester(patterns, CLAUSE_BREAKS)!;
    const wide = anyMatchTester(patterns)!;
    expect(tester.openingCharacters).not.toBeNull();
    let hits = 0;
    let narrower = 0;
    const alphabet = ['与', '和', '差距', '但', '同时', '也存在问题', '问题较多', '我们', '也看到', '甲方面', '乙方面', '，', '。', ' ', '；', '字'];
    for (const text of randomTexts(alphabet, 600, 8, 3)) {
      for (let from = 0; from < text.length; from += 2) {
        for (let to = from; to <= text.length; to += 2) {
          const range = text.slice(from, to);
          const matched =
            patterns.some((re) => re.test(range)) || clausesOf(text, from, to).some((c) => patterns.some((re) => re.test(text.slice(c.start, c.end))));
          const accepted = tester.test(text, from, to);
          if (matched) {
            hits++;
            expect(accepted, JSON.stringify([text, from, to])).toBe(true);
          }
          // (never wider than the tester that knows no breaks)
          if (accepted) expect(wide.test(text, from, to)).toBe(true);
          else if (wide.test(text, from, to)) narrower++;
        }
      }
    }
    expect(hits).toBeGreaterThan(500);
    expect(narrower).toBeGreaterThan(100);
  });
  test('steps past characters that open no match and end no pair, and answers as its regex does', () => {
    // every match opens on a pair of known characters; most characters of the texts open none and follow no opening one
    const patterns = [/存在(?:着)?(?:不足|问题)/u, /群众(?:普遍|集中)反映/u, /问题较多/u, ...[...'甲乙丙丁戊己'].map((ch) => new RegExp(`${ch}方面`, 'u'))];
    const tester = anyMatchTester(patterns)!;
    const regex = new RegExp(tester.source, 'u');
    let hits = 0;
    const alphabet = ['存在', '着', '不足', '问题', '群众', '普遍', '反映', '较多', '甲', '方面', '字', '文件', '字字字', '，', '在'];
    for (const text of randomTexts(alphabet, 200, 9, 5)) {
      for (let from = 0; from < text.length; from++) {
        for (let to = from; to <= text.length; to++) {
          const expected = regex.test(text.slice(from, to));
          if (expected) hits++;
          expect(tester.test(text, from, to), JSON.stringify([text, from, to])).toBe(expected);
        }
      }
    }
    expect(hits).toBeGreaterThan(1000);
  });

  test('told the part breaks, steps past characters only where no anchored alternative can open', () => {
    // 与/和 may go on with any character but open a match only at a part start; the other alternatives open on pairs
    const patterns = [/^(?:与|和)[^，,。；;]{1,4}差距$/u, /问题较多$/u, ...[...'甲乙丙丁戊己'].map((ch) => new RegExp(`${ch}方面`, 'u'))];
    const tester = anyMatchTester(patterns, CLAUSE_BREAKS)!;
    const sticky = new RegExp(tester.source, 'uy');
    const isBreak = (ch: string) => CLAUSE_BREAKS.includes(ch);
    /** The answer of a tester that reads every character: a match of the union at an offset where it may open. */
    const expected = (text: string, from: number, to: number): boolean => {
      const range = text.slice(from, to);
      for (let at = from; at < to; at++) {
        let before = at - 1;
        while (before >= from && text[before] === ' ') before--;
        const opensPart = before < from || isBreak(text[before]);
        if ('与和'.includes(text[at]) && !opensPart) continue;
        sticky.lastIndex = at - from;
        if (sticky.test(range)) return true;
      }
      return false;
    };
    let hits = 0;
    const alphabet = ['与', '和', '差距', '问题较多', '甲方面', '，', '。', ' ', '字', '文件', '字字字', '乙'];
    for (const text of randomTexts(alphabet, 200, 9, 9)) {
      for (let from = 0; from < text.length; from++) {
        for (let to = from; to <= text.length; to++) {
          const answer = expected(text, from, to);
          if (answer) hits++;
          expect(tester.test(text, from, to), JSON.stringify([text, from, to])).toBe(answer);
        }
      }
    }
    expect(hits).toBeGreaterThan(1000);
    expect(tester.test('工作，与字字差距')).toBe(true);
    expect(tester.test('工作 与字字差距', 2)).toBe(true);
    expect(tester.test('工作字与字字差距')).toBe(false);
  });
});
