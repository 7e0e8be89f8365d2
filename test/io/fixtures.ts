/**
 * The format fixtures in test/fixtures/formats/, built from code so they can be checked and rebuilt:
 * `UPDATE_FIXTURES=1 npx vitest run test/io/fixtures.test.ts` rewrites them. The report text is invented.
 */
import { docx, encodeLegacy, pdf, utf16, type PdfLineSpec } from './build.js';

/** Paragraphs of the invented report every fixture holds (in its own layout). */
export const REPORT = [
  '青石镇2023年宣传思想工作总结',
  '今年以来，青石镇党委坚持以新时代中国特色社会主义思想为指导，围绕中心、服务大局，扎实推进宣传思想文化工作，现将有关情况汇报如下。',
  '一、工作开展情况',
  '（一）强化理论武装。全年组织党委理论学习中心组学习12次，开展宣讲活动X余场，覆盖群众3000余人。',
  '二、存在的问题',
  '一是宣传阵地作用发挥不够充分；二是网络宣传能力有待提升。',
];

const full = 36; // CJK characters per full PDF line at 12 pt between x=72 and x=504

/** Lays a paragraph out as PDF lines: first line indented two characters, wrapped at `full` characters. */
function layout(text: string, y: number, indent: boolean, gap?: number): PdfLineSpec[] {
  const lines: PdfLineSpec[] = [];
  let rest = text;
  let first = true;
  const perLine = Math.floor(full / (1 + (gap ?? 0) / 1000));
  while (rest.length > 0) {
    const width = first && indent ? perLine - 2 : perLine;
    lines.push({ text: rest.slice(0, width), x: first && indent ? 96 : 72, y, gap });
    rest = rest.slice(width);
    y -= 18;
    first = false;
  }
  return lines;
}

/** report.pdf: title, paragraphs wrapped over lines, one paragraph with per-character spacing, two pages. */
export function reportPdf(): Uint8Array {
  const page1: PdfLineSpec[] = [
    { text: REPORT[0], x: 180, y: 780, size: 18 },
    ...layout(REPORT[1], 740, true),
    { text: REPORT[2], x: 96, y: 686 },
    ...layout(REPORT[3], 668, true, 280),
    { text: '- 1 -', x: 290, y: 40 },
  ];
  // The last paragraph starts at the bottom of page 1 and ends on page 2.
  const last = layout(REPORT[5], 0, true);
  page1.push({ ...last[0], y: 614 });
  const page2: PdfLineSpec[] = [{ text: '- 2 -', x: 290, y: 800 }, ...last.slice(1).map((l, i) => ({ ...l, y: 760 - 18 * i }))];
  // Heading 二 sits between: put it before the last paragraph on page 1.
  page1.splice(page1.length - 2, 0, { text: REPORT[4], x: 96, y: 632 });
  return pdf([page1, page2]);
}

/** report.docx: the paragraphs plus a one-row table. */
export function reportDocx(): Uint8Array {
  return docx([...REPORT, ['活动', '12次']]);
}

/** report-gbk.html: a GBK page with <meta charset="gbk">, navigation, script, footer and a hidden block. */
export function reportHtml(): Uint8Array {
  const html = `<!DOCTYPE html><html><head><meta charset="gbk"><title>${REPORT[0]}_青石镇政府网</title>
<style>p{margin:0}</style><script>var x = "<p>不是正文</p>";</script></head>
<body><header>网站首页 | 政务公开</header><nav><a href="/">首页</a> &gt; 工作总结</nav>
<div class="article"><h1>${REPORT[0]}</h1>
<p>&nbsp;&nbsp;${REPORT[1].slice(0, 30)}
${REPORT[1].slice(30)}</p>
<p><strong>${REPORT[2]}</strong></p><p>${REPORT[3]}</p><div style="display:none">隐藏的推广文字</div>
<h3>${REPORT[4]}</h3><p>${REPORT[5]}</p><table><tr><td>活动</td><td>12次</td></tr></table></div>
<aside>相关文章</aside><footer>版权所有 青石镇人民政府</footer></body></html>`;
  return encodeLegacy(html, 'gbk');
}

/** report.md: Markdown with a heading, soft-wrapped lines and emphasis. */
export function reportMd(): Uint8Array {
  const md = `# ${REPORT[0]}\n\n${REPORT[1].slice(0, 25)}\n${REPORT[1].slice(25)}\n\n## ${REPORT[2]}\n\n**（一）强化理论武装。**${REPORT[3].slice(10)}\n\n## ${REPORT[4]}\n\n${REPORT[5]}\n`;
  return new Uint8Array(Buffer.from(md, 'utf8'));
}

/** report-gbk.txt: the report in GBK. */
export function reportGbkTxt(): Uint8Array {
  return encodeLegacy(REPORT.join('\r\n') + '\r\n', 'gbk');
}

/** report-utf16le.txt: the report in UTF-16LE with BOM. */
export function reportUtf16Txt(): Uint8Array {
  return utf16(REPORT.join('\r\n') + '\r\n', 'le', true);
}

/** The report in traditional characters (same paragraphs, converted by hand for the common characters). */
export const REPORT_TRADITIONAL = [
  '青石鎮2023年宣傳思想工作總結',
  '今年以來，青石鎮黨委堅持以新時代中國特色社會主義思想為指導，圍繞中心、服務大局，紮實推進宣傳思想文化工作，現將有關情況匯報如下。',
  '一、工作開展情況',
  '（一）強化理論武裝。全年組織黨委理論學習中心組學習12次，開展宣講活動X餘場，覆蓋群眾3000餘人。',
  '二、存在的問題',
  '一是宣傳陣地作用發揮不夠充分；二是網絡宣傳能力有待提升。',
];

/** report-traditional.txt: the traditional report in UTF-8. */
export function reportTraditionalTxt(): Uint8Array {
  return new Uint8Array(Buffer.from(REPORT_TRADITIONAL.join('\n') + '\n', 'utf8'));
}

/** Every fixture file name with its builder. */
export const FIXTURES: Record<string, () => Uint8Array> = {
  'report.pdf': reportPdf,
  'report.docx': reportDocx,
  'report-gbk.html': reportHtml,
  'report.md': reportMd,
  'report-gbk.txt': reportGbkTxt,
  'report-utf16le.txt': reportUtf16Txt,
  'report-traditional.txt': reportTraditionalTxt,
};
