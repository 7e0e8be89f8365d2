/** Loads the multi-year fixture corpus (test/fixtures/multiyear/<township>/<year>.txt) and extracts its problems. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractProblems, wordsIn } from '../../src/stages/problems.js';
import type { ProblemToCluster } from '../../src/aggregate/recurring-problems.js';
import { roughParagraphs } from './rough-paragraphs.js';
import { tokenize } from './tokens.js';

export const MULTIYEAR_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'multiyear');

/** One fixture report with its text. */
export interface FixtureReport {
  /** `<township>/<year>` */
  id: string;
  township: string;
  year: number;
  text: string;
}

export function multiyearReports(): FixtureReport[] {
  const reports: FixtureReport[] = [];
  for (const township of fs.readdirSync(MULTIYEAR_DIR).filter((f) => fs.statSync(path.join(MULTIYEAR_DIR, f)).isDirectory()).sort()) {
    for (const file of fs.readdirSync(path.join(MULTIYEAR_DIR, township)).sort()) {
      const year = Number(file.replace(/\.txt$/, ''));
      reports.push({ id: `${township}/${year}`, township, year, text: fs.readFileSync(path.join(MULTIYEAR_DIR, township, file), 'utf8') });
    }
  }
  return reports;
}

/** The fixture problems as clustering input, keyed `<township>/<year>#<n>`. */
export function multiyearProblems(): ProblemToCluster[] {
  return multiyearReports().flatMap((report) => {
    const paragraphs = roughParagraphs(report.text);
    const tokens = tokenize(report.text, paragraphs);
    return extractProblems(report.text, paragraphs).map((item, i) => ({
      key: `${report.id}#${i + 1}`,
      reportId: report.id,
      township: report.township,
      year: report.year,
      headline: report.text.slice(item.headline.start, item.headline.end),
      words: wordsIn(tokens, item.start, item.end),
    }));
  });
}
