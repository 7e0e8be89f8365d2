import { defineStage } from './stage.js';

// Interim: passes the cleaned text through as the analysis text (traditional→simplified conversion comes in
// the formats/encodings work).
export const scriptStage = defineStage({
  name: 'script',
  requires: ['cleaned'],
  assigns: ['text', 'script'],
  run: (doc) => ({ text: doc.cleaned, script: 'simplified' as const }),
});
