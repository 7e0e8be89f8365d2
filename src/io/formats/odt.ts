import { binarySignature } from '../decode.js';
import { ReadError, assertHasText } from '../read-error.js';
import type { FormatReader } from './types.js';
import { htmlParser, loadHtmlParser } from './html-parser.js';

/**
 * OpenDocument text (.odt, .ott, from LibreOffice and WPS): the paragraphs and headings of content.xml,
 * one a line, table cells included; notes, annotations, deleted tracked changes and frames' alternative
 * text are left out. A flat .fodt is the same XML without the ZIP.
 */
export const odtReader: FormatReader = {
  format: 'odt',
  extensions: ['.odt', '.ott', '.fodt'],
  async read(bytes, file) {
    let xml: string;
    if (file.toLowerCase().endsWith('.fodt') && !startsWith(bytes, 'PK\x03\x04')) {
      xml = new TextDecoder('utf-8').decode(bytes);
      if (!xml.includes('office:document')) throw new ReadError('corrupt', 'the .fodt file is not an OpenDocument XML file; it is damaged or misnamed');
    } else {
      xml = await contentXml(bytes);
    }
    await loadHtmlParser();
    const raw = odfXmlToLines(xml);
    assertHasText(raw, 'the OpenDocument file');
    return { raw, encoding: 'odt' };
  },
};

async function contentXml(bytes: Uint8Array): Promise<string> {
  if (!startsWith(bytes, 'PK\x03\x04')) {
    const signature = binarySignature(bytes);
    throw new ReadError('corrupt', `the .odt is not a ZIP archive${signature ? ` (it is ${signature})` : ''}; the file is damaged or misnamed`);
  }
  // Loaded on first use: only runs with .odt files pay for it.
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new ReadError('corrupt', `the .odt could not be opened (${shortMessage(err)}); the file is damaged`);
  }
  let manifest: string | undefined;
  try {
    manifest = await zip.file('META-INF/manifest.xml')?.async('string');
  } catch (err) {
    throw new ReadError('corrupt', `the .odt's manifest could not be unpacked (${shortMessage(err)}); the file is damaged`);
  }
  if (manifest?.includes('encryption-data')) {
    throw new ReadError('encrypted', 'the OpenDocument file is password-protected; remove the password and save again');
  }
  const content = zip.file('content.xml');
  if (!content) throw new ReadError('corrupt', 'the .odt holds no content.xml; the file is damaged or is not a text document');
  try {
    return await content.async('string');
  } catch (err) {
    throw new ReadError('corrupt', `the .odt's content could not be unpacked (${shortMessage(err)}); the file is damaged`);
  }
}

/** Elements whose text is not body text. */
const SKIPPED = new Set(['office:annotation', 'text:note', 'text:tracked-changes', 'svg:desc', 'svg:title', 'office:meta', 'office:styles', 'office:automatic-styles', 'office:font-face-decls', 'text:sequence-decls', 'office:scripts']);
/** Elements that end a line. */
const BLOCKS = new Set(['text:p', 'text:h', 'table:table-cell', 'text:list-item']);

/** The text of an OpenDocument content XML, one paragraph per line (the parser loaded first: `loadHtmlParser`). */
export function odfXmlToLines(xml: string): string {
  let out = '';
  let skipDepth = 0;
  let inBody = false;
  const Parser = htmlParser();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'office:body') inBody = true;
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        if (!inBody) return;
        if (name === 'text:s') out += ' '.repeat(Math.max(1, Math.min(100, Number(attributes['text:c'] ?? 1) || 1)));
        else if (name === 'text:tab') out += '\t';
        else if (name === 'text:line-break') out += '\n';
      },
      ontext(text) {
        if (skipDepth === 0 && inBody) out += text;
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name === 'office:body') inBody = false;
        if (inBody && BLOCKS.has(name)) out += '\n';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0\u3000]+$/, ''))
    .filter((line) => /\S/.test(line))
    .join('\n');
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

function shortMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160);
}
