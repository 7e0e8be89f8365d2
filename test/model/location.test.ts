import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { location } from '../../src/model/location.js';

describe('location', () => {
  it('location gives the 1-based line and column of every offset, lines ending at \\n', () => {
    const unit = fc.constantFrom('a', '镇', '\n', '\r', ' ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((units) => units.join('')), (text) => {
        const locate = location(text);
        let line = 1;
        let column = 1;
        for (let offset = 0; offset <= text.length; offset++) {
          expect(locate(offset)).toEqual({ line, column });
          if (text[offset] === '\n') (line++, (column = 1));
          else column++;
        }
      }),
    );
  });
});
