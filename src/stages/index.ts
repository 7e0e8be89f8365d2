import { composeStages, type AnyStage } from './stage.js';
import { cleanStage } from './clean.js';
import { scriptStage } from './script.js';
import { paragraphsStage } from './paragraphs.js';
import { sectionsStage } from './sections.js';
import { segmentStage } from './segment.js';
import { metadataStage } from './metadata.js';
import { placeholdersStage } from './placeholders.js';
import { problemsStage } from './problems.js';

/** The per-report stages in order: the only place order lives. */
export const stages: readonly AnyStage[] = [
  cleanStage,
  scriptStage,
  paragraphsStage,
  sectionsStage,
  segmentStage,
  metadataStage,
  placeholdersStage,
  problemsStage,
];

/** The stages composed, their contract checked at import (a broken declaration fails every run and test). */
export const pipeline = composeStages(stages);
