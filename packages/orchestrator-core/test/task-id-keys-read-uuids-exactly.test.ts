// A uuid id is keyed by its 128-bit value, any other id by its string; the
// parse must accept exactly the lowercase canonical text, or two different
// ids could share a key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdKey, STRING_TAG_BIT, hashString, hashUuid, parseUuid } from '../src/id-key.js';
import { RUNS } from './support/arbitraries.js';
import { CANONICAL_UUID, uuidText, uuidWordsArb } from './support/uuid-text.js';

/**
 * Valid digits, and characters next to valid ones: uppercase hex, the
 * neighbours of 0-9 and a-f, dashes, and non-ASCII codes whose low 7 bits
 * are a hex digit; plus any UTF-16 code unit.
 */
const trickyChar = fc.oneof(
  fc.constantFrom('0', '9', 'a', 'f', 'A', 'F', 'G', 'g', '/', ':', '`', '@', '-', ' ', '{'),
  fc.constantFrom('\u00b1', '\u00e1', '\u0130', '\u0661', '\uff11'),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);

describe('task id keys', () => {
  it('reads a lowercase canonical uuid as its 128-bit value [CORE-016]', () => {
    fc.assert(
      fc.property(uuidWordsArb, (words) => {
        const got = new Int32Array(4);
        expect(parseUuid(uuidText(words), got)).toBe(true);
        expect([...got]).toEqual(words.map((w) => w | 0));
      }),
      RUNS,
    );
  });

  it('reads no other text as a uuid, so distinct ids never share a uuid key [CORE-016]', () => {
    fc.assert(
      fc.property(
        uuidWordsArb,
        fc.nat({ max: 37 }),
        trickyChar,
        fc.constantFrom('replace', 'insert', 'delete'),
        (words, at, char, edit) => {
          const valid = uuidText(words);
          const cut = Math.min(at, valid.length);
          const rest = edit === 'insert' ? cut : cut + 1;
          const text = valid.slice(0, cut) + (edit === 'delete' ? '' : char) + valid.slice(rest);
          expect(parseUuid(text, new Int32Array(4))).toBe(CANONICAL_UUID.test(text));
        },
      ),
      RUNS,
    );
  });

  it('keeps uuid and string keys apart: an uppercase uuid is a different, string-keyed id [CORE-016]', () => {
    fc.assert(
      fc.property(uuidWordsArb, (words) => {
        const lower = uuidText(words);
        const upper = lower.toUpperCase();
        const key = new IdKey();
        expect(key.load(lower)).toMatchObject({ uuid: true, id: lower });
        expect(key.tag).toBe(hashUuid(new Int32Array(words)));
        expect(key.tag).toBeLessThan(STRING_TAG_BIT);
        if (upper !== lower) {
          expect(key.load(upper)).toMatchObject({ uuid: false, id: upper });
          expect(key.tag).toBe(hashString(upper) | STRING_TAG_BIT);
        }
      }),
      RUNS,
    );
  });

  it('tags every id with a non-negative 31-bit integer [CORE-014]', () => {
    fc.assert(
      fc.property(fc.oneof(uuidWordsArb.map(uuidText), fc.string({ unit: 'binary' })), (id) => {
        const tag = new IdKey().load(id).tag;
        expect(Number.isInteger(tag) && tag >= 0 && tag < 2 * STRING_TAG_BIT).toBe(true);
      }),
      RUNS,
    );
  });
});
