/**
 * Builders for test inputs: a stored ZIP writer (for .docx), a minimal PDF writer with a CID font and a
 * ToUnicode map (for Chinese PDFs), and legacy-encoding encoders (GBK, Big5) built from TextDecoder.
 */
import zlib from 'node:zlib';

/** Writes a ZIP archive with stored (uncompressed) entries. */
export function zip(entries: readonly { name: string; data: string | Uint8Array }[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0x00210000, 10); // fixed DOS time/date (1980-01-01) for byte-identical output
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt32LE(0x00210000, 12);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, data);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, ...central, end]));
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A .docx whose body holds these paragraphs; a paragraph given as an array is table cells of one row. */
export function docx(paragraphs: readonly (string | readonly string[])[]): Uint8Array {
  const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
  const body = paragraphs
    .map((p) =>
      typeof p === 'string'
        ? para(p)
        : `<w:tbl><w:tr>${p.map((cell) => `<w:tc>${para(cell)}</w:tc>`).join('')}</w:tr></w:tbl>`,
    )
    .join('');
  return zip([
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    {
      name: 'word/document.xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        `<w:body>${body}</w:body></w:document>`,
    },
  ]);
}

/** One line drawn on a PDF page. */
export interface PdfLineSpec {
  /** text; BMP characters only */
  text: string;
  /** left x in points */
  x: number;
  /** baseline y in points (origin bottom-left) */
  y: number;
  /** font size in points, default 12 */
  size?: number;
  /** draw each character separately with this TJ gap (thousandths of an em), as some PDF makers do */
  gap?: number;
}

/** Options of `pdf`. */
export interface PdfOptions {
  /** add a standard-security /Encrypt dictionary whose user password is not empty */
  encrypted?: boolean;
}

/**
 * A PDF with one Type0 font (Identity-H, CID = Unicode code point, not embedded) and a ToUnicode map, so
 * text extraction sees the characters. CJK glyphs are 1 em wide, ASCII 0.5 em.
 */
export function pdf(pages: readonly (readonly PdfLineSpec[])[], options: PdfOptions = {}): Uint8Array {
  const chars = new Set<number>();
  for (const page of pages) for (const line of page) for (const ch of line.text) chars.add(ch.codePointAt(0)!);
  const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');
  const codes = [...chars].sort((a, b) => a - b);
  const bf: string[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    const block = codes.slice(i, i + 100);
    bf.push(`${block.length} beginbfchar\n${block.map((c) => `<${hex(c)}> <${hex(c)}>`).join('\n')}\nendbfchar`);
  }
  const toUnicode =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    `${bf.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object number = index + 1
  const stream = (content: string) => `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;

  add('<< /Type /Catalog /Pages 2 0 R >>'); // 1
  add(''); // 2 pages, filled below
  add('<< /Type /Font /Subtype /Type0 /BaseFont /ZongjieSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>'); // 3
  add(
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ZongjieSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ' +
      '/FontDescriptor 6 0 R /DW 1000 /W [32 126 500] /CIDToGIDMap /Identity >>',
  ); // 4
  add(stream(toUnicode)); // 5
  add('<< /Type /FontDescriptor /FontName /ZongjieSong /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>'); // 6
  const pageRefs: string[] = [];
  for (const page of pages) {
    const ops = page.map((line) => {
      const size = line.size ?? 12;
      const glyphs = [...line.text].map((ch) => `<${hex(ch.codePointAt(0)!)}>`);
      const shown = line.gap ? glyphs.join(` ${-line.gap} `) : glyphs.join('');
      return `BT /F1 ${size} Tf 1 0 0 1 ${line.x} ${line.y} Tm [${shown}] TJ ET`;
    });
    add(stream(ops.join('\n')));
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    pageRefs.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${pages.length} >>`;
  let encryptRef = '';
  if (options.encrypted) {
    const filler = 'AB'.repeat(32);
    add(`<< /Filter /Standard /V 1 /R 2 /O <${filler}> /U <${'CD'.repeat(32)}> /P -44 >>`);
    encryptRef = ` /Encrypt ${objects.length} 0 R /ID [<${'11'.repeat(16)}> <${'11'.repeat(16)}>]`;
  }

  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryptRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const encoders = new Map<string, Map<string, number[]>>();

/**
 * Encodes text in a legacy double-byte encoding (gbk, big5) by inverting TextDecoder over all two-byte
 * sequences; ASCII passes through. Throws on a character the encoding lacks.
 */
export function encodeLegacy(text: string, label: 'gbk' | 'big5'): Uint8Array {
  let table = encoders.get(label);
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder(label, { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        let ch: string;
        try {
          ch = decoder.decode(new Uint8Array([lead, trail]));
        } catch {
          continue;
        }
        if (ch.length >= 1 && !table.has(ch) && ch !== '\ufffd') table.set(ch, [lead, trail]);
      }
    }
    encoders.set(label, table);
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`${label} has no ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** UTF-16 bytes of a text, little- or big-endian, with or without BOM. */
export function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (endian === 'be') le.swap16();
  return new Uint8Array(le);
}
