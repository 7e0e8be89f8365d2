import { Readable } from 'node:stream';
import { ReadError, assertHasText } from '../read-error.js';
import type { FormatReader } from './types.js';

/**
 * Rich Text Format: the body text, one paragraph per line. rtf-stream-parser tokenizes (groups, control
 * words with parameters, hex escapes, \bin data); this module interprets the tokens the way a word
 * processor shows them: destinations such as the font table, styles, pictures and `{\*…}` groups are
 * skipped, `\uN` characters replace their `\ucN` fallback, `\'xx` bytes are decoded in the code page of
 * the current font (`\fcharsetN`) or of the document (`\ansicpgN`): 936 for GBK in Chinese Word and WPS.
 */
export const rtfReader: FormatReader = {
  format: 'rtf',
  extensions: ['.rtf'],
  async read(bytes) {
    if (!startsWithRtf(bytes)) throw new ReadError('corrupt', 'the file does not start with {\\rtf: it is not an RTF document, or it is damaged');
    const badHex = badHexEscape(bytes);
    if (badHex >= 0) throw new ReadError('corrupt', `the RTF document has a broken \\'xx escape at byte ${badHex}; the file is damaged`);
    let tokens: RtfToken[];
    try {
      tokens = await tokenize(bytes);
    } catch (err) {
      throw new ReadError('corrupt', `the RTF document could not be read (${err instanceof Error ? err.message : String(err)}); the file is damaged`);
    }
    let depth = 0;
    for (const token of tokens) depth += token.type === 0 ? 1 : token.type === 1 ? -1 : 0;
    if (depth > 0) throw new ReadError('corrupt', `the RTF document ends with ${depth} group(s) still open: the file is cut off or damaged`);
    const raw = rtfTokensToText(tokens)
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0\u3000]+$/, ''))
      .filter((line) => /\S/.test(line))
      .join('\n');
    assertHasText(raw, 'the RTF document');
    return { raw, encoding: 'rtf' };
  },
};

/** A token as rtf-stream-parser's Tokenize emits it. */
interface RtfToken {
  /** 0 group start, 1 group end, 2 control word or symbol, 3 text */
  type: 0 | 1 | 2 | 3;
  word?: string;
  param?: number;
  data?: Buffer;
}

async function tokenize(bytes: Uint8Array): Promise<RtfToken[]> {
  const tokens: RtfToken[] = [];
  // Loaded on first use, like mammoth for .docx: only runs with .rtf files pay for it.
  const { Tokenize } = await import('rtf-stream-parser');
  const stream = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]).pipe(new Tokenize());
  for await (const token of stream) tokens.push(token as RtfToken);
  return tokens;
}

/**
 * Offset of the first `\'` not followed by two hex digits, or -1. rtf-stream-parser only warns on the console
 * about such an escape; a damaged file is rejected before it gets there.
 */
function badHexEscape(bytes: Uint8Array): number {
  const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  for (let i = bytes.indexOf(0x5c); i >= 0 && i < bytes.length; i = bytes.indexOf(0x5c, i)) {
    const next = bytes[i + 1];
    if (next === 0x27 && !(isHex(bytes[i + 2]) && isHex(bytes[i + 3]))) return i;
    i += next === 0x5c || next === 0x27 ? 2 : 1;
  }
  return -1;
}

function startsWithRtf(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(5, bytes.length - i)).toString('latin1') === '{\\rtf';
}

/** Destinations whose text is not body text (RTF 1.9.1 spec); `{\*\…}` groups are skipped as well. */
const SKIPPED_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'objdata', 'header', 'headerl', 'headerr', 'headerf',
  'footer', 'footerl', 'footerr', 'footerf', 'footnote', 'annotation', 'atnid', 'atnauthor', 'xe', 'tc', 'fldinst',
  'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'listtable', 'listoverridetable', 'rsidtbl',
  'generator', 'filetbl', 'revtbl', 'pgdsctbl', 'bkmkstart', 'bkmkend', 'nonshppict', 'shpinst', 'template', 'listtext',
  'pntext', 'pntxta', 'pntxtb', 'mmathPr', 'xmlnstbl', 'wgrffmtfilter', 'docvar', 'userprops', 'operator', 'author',
]);

/** Windows code page of a font's \fcharsetN (only the ones that change how bytes decode). */
const CHARSET_CODEPAGE: Record<number, number> = { 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250 };

/** TextDecoder labels of Windows code pages. */
function decoderFor(codepage: number): TextDecoder {
  const label = codepage === 936 ? 'gbk' : codepage === 950 ? 'big5' : codepage === 932 ? 'shift_jis' : codepage === 949 ? 'euc-kr' : codepage === 874 ? 'windows-874' : codepage >= 1250 && codepage <= 1258 ? `windows-${codepage}` : 'windows-1252';
  return new TextDecoder(label);
}

interface GroupState {
  skip: boolean;
  /** \ucN: fallback characters after each \uN */
  uc: number;
  /** code page of the current font, 0 for the document's */
  codepage: number;
}

/** Interprets RTF tokens as the text a reader sees: paragraphs and line breaks as newlines, cells as lines. */
export function rtfTokensToText(tokens: readonly RtfToken[]): string {
  const fontCodepage = new Map<number, number>();
  let documentCodepage = 1252;
  let out = '';
  let pending: number[] = []; // \'xx bytes waiting to be decoded together (GBK takes two)
  let pendingCodepage = 0;
  let skipFallback = 0; // fallback characters still to drop after a \uN
  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, uc: 1, codepage: 0 };
  let fontTable = false;
  let fontTableDepth = -1;
  let currentFont = -1;

  const flush = () => {
    if (pending.length === 0) return;
    out += decoderFor(pendingCodepage || documentCodepage).decode(new Uint8Array(pending));
    pending = [];
  };
  const emit = (text: string) => {
    flush();
    out += text;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 0) {
      flush();
      stack.push(state);
      state = { ...state };
      const next = tokens[i + 1];
      if (next?.type === 2 && (next.word === '*' || SKIPPED_DESTINATIONS.has(next.word ?? ''))) {
        if (next.word === 'fonttbl') (fontTable = true), (fontTableDepth = stack.length);
        else state.skip = true;
      }
      continue;
    }
    if (token.type === 1) {
      flush();
      if (fontTable && stack.length === fontTableDepth) fontTable = false;
      state = stack.pop() ?? state;
      skipFallback = 0;
      continue;
    }
    if (fontTable) {
      // only the font numbers and their character sets matter here
      if (token.type === 2 && token.word === 'f' && token.param !== undefined) currentFont = token.param;
      else if (token.type === 2 && token.word === 'fcharset' && token.param !== undefined && CHARSET_CODEPAGE[token.param]) {
        fontCodepage.set(currentFont, CHARSET_CODEPAGE[token.param]);
      }
      continue;
    }
    if (token.type === 3) {
      let text = token.data ? token.data.toString('latin1') : '';
      if (skipFallback > 0) {
        const dropped = Math.min(skipFallback, text.length);
        text = text.slice(dropped);
        skipFallback -= dropped;
      }
      if (state.skip || text === '') continue;
      // Note: literal text outside \'xx is ASCII in well-formed RTF; raw 8-bit bytes are decoded like \'xx.
      if (/[^\x00-\x7f]/.test(text)) {
        for (const c of text) (pending.push(c.charCodeAt(0)), (pendingCodepage = state.codepage));
        continue;
      }
      emit(text.replace(/[\r\n]/g, ''));
      continue;
    }
    // control words and symbols
    const { word = '', param } = token;
    if (word === "'") {
      if (skipFallback > 0) {
        skipFallback--;
        continue;
      }
      if (state.skip || !token.data) continue;
      if (pending.length > 0 && pendingCodepage !== state.codepage) flush();
      pending.push(...token.data);
      pendingCodepage = state.codepage;
      continue;
    }
    if (word === 'ansicpg' && param !== undefined) documentCodepage = param;
    else if (word === 'uc' && param !== undefined) state.uc = param;
    else if (word === 'f' && param !== undefined) state.codepage = fontCodepage.get(param) ?? 0;
    else if (word === 'bin') continue;
    if (state.skip) continue;
    if (word === 'u' && param !== undefined) {
      emit(String.fromCharCode(param < 0 ? param + 0x10000 : param));
      skipFallback = state.uc;
    } else if (word === 'par' || word === 'line' || word === 'cell' || word === 'row' || word === 'page' || word === 'sect') emit('\n');
    else if (word === 'tab') emit('\t');
    else if (word === '~') emit('\u00a0');
    else if (word === 'emdash') emit('—');
    else if (word === 'endash') emit('–');
    else if (word === 'lquote') emit('‘');
    else if (word === 'rquote') emit('’');
    else if (word === 'ldblquote') emit('“');
    else if (word === 'rdblquote') emit('”');
    else if (word === 'bullet') emit('•');
    else if (word === '\\' || word === '{' || word === '}') emit(word);
  }
  flush();
  return out;
}
