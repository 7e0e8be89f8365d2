import type { Doc } from './report.js';
import { mapOffset, mappedLength } from './span.js';

/**
 * Checks a document's invariants (textlint's ast-tester, wink's `doc.out() === text`): spans inside their
 * texts and in order, paragraphs not overlapping, findings inside their paragraph, the offset map monotone,
 * every retained cleaned character equal to the raw character it maps to (or a line break).
 * Throws an Error naming the first broken invariant.
 */
export function assertDocument(doc: Doc): void {
  const fail = (message: string): never => {
    throw new Error(`${doc.report.id}: ${message}`);
  };
  const { cleaned, text, toRaw, report } = doc;
  if (text.length !== cleaned.length) fail(`analysis text length ${text.length} != cleaned length ${cleaned.length}`);
  if (mappedLength(toRaw) !== cleaned.length) fail(`offset map length ${mappedLength(toRaw) + 1} != cleaned length + 1`);
  for (let i = 0, previous = -1; i < cleaned.length; i++) {
    const at = mapOffset(toRaw, i);
    if (at < 0 || at >= report.raw.length) fail(`cleaned[${i}] maps outside raw (${at})`);
    if (i > 0 && at <= previous) fail(`offset map not increasing at ${i}`);
    if (cleaned[i] !== report.raw[at]) fail(`cleaned[${i}] "${cleaned[i]}" != raw[${at}] "${report.raw[at]}"`);
    previous = at;
  }
  let previousEnd = 0;
  for (const p of doc.paragraphs) {
    if (!(p.start >= previousEnd && p.end > p.start && p.end <= cleaned.length)) fail(`paragraph ${p.no} [${p.start},${p.end}) out of order or bounds`);
    if (/\s/u.test(cleaned[p.start]) || /\s/u.test(cleaned[p.end - 1])) fail(`paragraph ${p.no} has untrimmed whitespace`);
    previousEnd = p.end;
  }
  // Paragraphs cover the cleaned text: whatever lies between them is whitespace only.
  let at = 0;
  for (const p of doc.paragraphs) {
    if (cleaned.slice(at, p.start).trim() !== '') fail(`text between paragraphs before ${p.no} is not covered`);
    at = p.end;
  }
  if (cleaned.slice(at).trim() !== '') fail('text after the last paragraph is not covered');
  const { starts, ends, words } = doc.tokens;
  for (let t = 0; t < words.length; t++) {
    if (text.slice(starts[t], ends[t]) !== words[t]) fail(`token ${t} "${words[t]}" does not match its span`);
    if (t > 0 && starts[t] < ends[t - 1]) fail(`token ${t} overlaps the previous one`);
  }
  const paragraphOf = new Map(doc.paragraphs.map((p) => [p.no, p]));
  for (const finding of [...doc.placeholders, ...doc.problems]) {
    const p = paragraphOf.get(finding.paragraphNo);
    if (!p) fail(`finding at ${finding.start} names missing paragraph ${finding.paragraphNo}`);
    else if (finding.start < p.start || finding.end > p.end || finding.end <= finding.start) {
      // problems may run over several paragraphs (a heading and its body); they must stay inside the text
      if (finding.end > cleaned.length || finding.start < 0) fail(`finding [${finding.start},${finding.end}) outside the text`);
    }
  }
  JSON.stringify({ ...doc, toRaw: toRaw instanceof Int32Array ? [...toRaw] : { starts: [...toRaw.starts], deltas: [...toRaw.deltas], length: toRaw.length } });
}
