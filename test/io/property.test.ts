import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeText } from '../../src/io/decode.js';
import { ReadError, formatReaders } from '../../src/io/formats/index.js';
import { toSimplified } from '../../src/stages/script.js';
import { docx, encodeLegacy, utf16 } from './build.js';

/** Runs `f` and fails the property when it throws anything but a ReadError. */
async function onlyReadErrors(f: () => unknown): Promise<void> {
  try {
    await f();
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
  }
}

const chineseText = fc.string({ unit: fc.oneof(fc.constantFrom(...'宣传工作总结鎮們，。、“”（）①\n 123Xx'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c))), maxLength: 200 });
const anyText = fc.string({ unit: 'binary', maxLength: 300 });
const anyBytes = fc.uint8Array({ maxLength: 2000 });
const prefixed = fc.tuple(fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x25, 0x50, 0x44, 0x46, 0x2d], [0x50, 0x4b, 3, 4]), anyBytes)
  .map(([head, rest]) => new Uint8Array([...head, ...rest]));

describe('property', () => {
  test('property: decodeText throws only ReadError on random bytes and random text', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(anyBytes, prefixed), (bytes) => onlyReadErrors(() => decodeText(bytes))), { numRuns: 500 });
    await fc.assert(
      fc.asyncProperty(anyText, fc.constantFrom('utf8', 'le', 'be'), (text, enc) =>
        onlyReadErrors(() => decodeText(enc === 'utf8' ? new Uint8Array(Buffer.from(text)) : utf16(text, enc, true))),
      ),
      { numRuns: 300 },
    );
  });

  test('property: decodeText returns valid UTF-8 text unchanged', () => {
    fc.assert(
      fc.property(chineseText, (text) => {
        try {
          expect(decodeText(new Uint8Array(Buffer.from(text))).text).toBe(text.replace(/^\ufeff/, '')); // a leading BOM is not text
        } catch (err) {
          if (!(err instanceof ReadError)) throw err;
          expect(['empty', 'binary']).toContain(err.code);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: GBK-encodable Chinese text round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'宣传思想工作总结今年以来我镇开展，。、：（）“”\n 12X'), minLength: 1, maxLength: 200 }), (text) => {
        fc.pre(/[^\s]/.test(text) && /[^\x00-\x7f]/.test(text));
        const decoded = decodeText(encodeLegacy(text, 'gbk'));
        expect(decoded.text).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  test.each(formatReaders.map((r) => r.format))('property: the %s reader throws only ReadError on random input', async (format) => {
    const reader = formatReaders.find((r) => r.format === format)!;
    const heavy = format === 'pdf' || format === 'docx' || format === 'doc' || format === 'odt';
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyBytes, prefixed, anyText.map((t) => new Uint8Array(Buffer.from(t)))), (bytes) =>
        onlyReadErrors(() => reader.read(bytes, `random.${format}`)),
      ),
      { numRuns: heavy ? 60 : 300 },
    );
    if (format === 'docx') {
      await fc.assert(fc.asyncProperty(fc.array(anyText, { maxLength: 5 }), (paragraphs) => onlyReadErrors(() => reader.read(docx(paragraphs), 'r.docx'))), {
        numRuns: 30,
      });
    }
    if (format === 'html' || format === 'md' || format === 'txt') {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: fc.constantFrom('<p>', '</p>', '<script>', '</div>', '<br/>', '&nbsp;', '# ', '```', '\n', '宣传', 'a', ' ', '<meta charset="gbk">'), maxLength: 60 }), (text) =>
          onlyReadErrors(() => reader.read(new Uint8Array(Buffer.from(text)), `r.${format}`)),
        ),
        { numRuns: 300 },
      );
    }
  }, 60_000);

  test('property: traditional-to-simplified conversion keeps the length', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(...'們這裡來會對於說時過還發經問題動關開與實現從當進體種點業應將乾著麵後髮臺'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 200 }), (text) => {
        expect(toSimplified(text).length).toBe(text.length);
      }),
      { numRuns: 500 },
    );
  });
});
