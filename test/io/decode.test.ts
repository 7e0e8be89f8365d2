import { describe, expect, test } from 'vitest';
import { decodeText, isUtf8 } from '../../src/io/decode.js';
import { ReadError } from '../../src/io/read-error.js';
import { encodeLegacy, utf16 } from './build.js';

const text = '今年以来，我镇共开展宣讲活动12场，覆盖群众3000余人。\n二、存在的问题\n';
const traditional = '今年以來，我鎮共開展宣講活動12場，覆蓋群眾3000餘人。\n二、存在的問題\n';

const codeOf = (bytes: Uint8Array) => {
  try {
    decodeText(bytes);
    return 'ok';
  } catch (err) {
    if (err instanceof ReadError) return err.code;
    throw err;
  }
};

describe('decode', () => {
  test.each([
    ['utf-8', new Uint8Array(Buffer.from(text)), 'utf-8'],
    ['utf-8 with BOM', new Uint8Array(Buffer.from('\ufeff' + text)), 'utf-8-bom'],
    ['utf-16le with BOM', utf16(text, 'le', true), 'utf-16le'],
    ['utf-16be with BOM', utf16(text, 'be', true), 'utf-16be'],
    ['utf-16le without BOM', utf16(text, 'le', false), 'utf-16le'],
    ['utf-16be without BOM', utf16(text, 'be', false), 'utf-16be'],
    ['gbk', encodeLegacy(text, 'gbk'), 'gb18030'],
    ['gbk traditional', encodeLegacy(traditional, 'gbk'), 'gb18030'],
    ['big5 traditional', encodeLegacy(traditional, 'big5'), 'big5'],
  ])('decode detects %s', (_name, bytes, encoding) => {
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toBe(encoding === 'big5' || _name === 'gbk traditional' ? traditional : text);
  });

  test.each([
    ['no bytes', new Uint8Array(), 'empty'],
    ['spaces and newlines', new Uint8Array(Buffer.from(' \r\n\t\n  ')), 'empty'],
    ['ideographic spaces and a BOM', new Uint8Array(Buffer.from('\ufeff\u3000\u3000\n')), 'empty'],
    ['UTF-16 whitespace', utf16('  \n ', 'le', true), 'empty'],
    ['a NUL in UTF-8 text', new Uint8Array(Buffer.from('宣传\u0000工作总结')), 'binary'],
    ['a PNG header', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 'binary'],
    ['a ZIP header', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), 'binary'],
    ['control characters', new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 65))), 'binary'],
    ['C1 control characters', new Uint8Array(Buffer.from('\u0085宣传工作总结'.repeat(30))), 'binary'],
    ['DEL characters', new Uint8Array(Buffer.from('\u007f宣传工作总结'.repeat(30))), 'binary'],
    ['bytes neither UTF-8 nor GB18030', new Uint8Array([0x80, 0xff, 0x80, 0xff, 0x41, 0xff, 0xfe, 0x80]), 'undecodable'],
    ['a broken UTF-8 BOM file', new Uint8Array([0xef, 0xbb, 0xbf, 0xe4, 0xb8, 0x41, 0x80]), 'undecodable'],
    ['odd-length UTF-16 with BOM', new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]), 'undecodable'],
  ])('decode rejects %s', (_name, bytes, code) => {
    expect(codeOf(bytes)).toBe(code);
  });

  test('decode keeps UTF-8 with one damaged character as UTF-8', () => {
    const bytes = Buffer.from(text.repeat(50));
    const cut = new Uint8Array(bytes.subarray(0, bytes.length - 2));
    const decoded = decodeText(cut);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.endsWith('\ufffd')).toBe(true);
  });

  test('decode keeps a text with a few control characters (at most 1%)', () => {
    const few = `${'宣传工作总结。'.repeat(60)}\u0001\u0085\u001b\f\v\u001a`;
    expect(decodeText(new Uint8Array(Buffer.from(few))).text).toBe(few);
  });

  // UTF-8 is validated and converted natively (isUtf8, transcode); what comes out is what a fatal TextDecoder gives.
  const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  test.each([
    ['supplementary characters', '𠀀𪚥 宣传😀工作\n'],
    ['a byte-order mark inside the text', '宣传\ufeff工作\r\n总结'],
    ['ASCII only', 'Report 2024\n'],
  ])('decode reads UTF-8 with %s as TextDecoder does', (_name, sample) => {
    const bytes = new Uint8Array(Buffer.from(`${sample}${text}`));
    expect(decodeText(bytes).text).toBe(utf8Decoder.decode(bytes));
    // a view at an odd offset into a larger buffer
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeText(shifted.subarray(1)).text).toBe(utf8Decoder.decode(bytes));
  });

  test.each([
    ['an overlong NUL', [0x41, 0xc0, 0x80]],
    ['an encoded surrogate', [0x41, 0xed, 0xa0, 0x80]],
    ['a cut sequence', [0x41, 0xe4, 0xb8]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80, 0x41]],
  ])('isUtf8 rejects %s, as a fatal TextDecoder does', (_name, bytes) => {
    expect(isUtf8(new Uint8Array(bytes))).toBe(false);
    expect(() => utf8Decoder.decode(new Uint8Array(bytes))).toThrow();
  });

  test('decode reads a 50 MB single-line file', () => {
    const line = Buffer.from('宣传工作总结。'.repeat(Math.ceil((50 * 1024 * 1024) / 21)));
    const decoded = decodeText(new Uint8Array(line.buffer, line.byteOffset, line.length));
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.startsWith('宣传工作总结。宣传')).toBe(true);
    expect(decoded.text.includes('\n')).toBe(false);
  });
});
