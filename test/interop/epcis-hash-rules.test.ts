import { describe, expect, it } from 'vitest';
import { normaliseDigitalLink, checkDigit } from '../../ledger/interop/epcis/digital-link.js';
import { pythonFloatRepr, pythonNumericForm, comparePython } from '../../ledger/interop/epcis/python-values.js';
import { normaliseTimestamp } from '../../ledger/interop/epcis/timestamp.js';
import { gramsOfKilograms, kilogramsOfGrams } from '../../ledger/interop/epcis/identifiers.js';
import fc from 'fast-check';

/**
 * The value rules of the CBV 2.0 event hash as the reference generator applies them (the golden
 * files cover them in context; these pin each quirk on its own, with the reference's outputs).
 */
describe('CBV 2.0 hash value rules', () => {
  it('renders numbers as Python does: integers without .0, repr of floats, strings parsed too', () => {
    expect(pythonNumericForm('007')).toBe('7');
    expect(pythonNumericForm('60000.50')).toBe('60000.5');
    expect(pythonNumericForm('+5')).toBe('5');
    expect(pythonNumericForm('1_000')).toBe('1000');
    expect(pythonNumericForm('0.00001')).toBe('1e-05');
    expect(pythonNumericForm('nan')).toBe('nan');
    expect(pythonNumericForm('B1010')).toBe('B1010');
    expect(pythonNumericForm('+01:00')).toBe('+01:00');
    expect(() => pythonNumericForm('inf')).toThrow();
    expect(pythonFloatRepr(1.5e-7)).toBe('1.5e-07');
  });

  it('puts timestamps in UTC with milliseconds, rounding microseconds half to even', () => {
    expect(normaliseTimestamp('2022-02-16T12:50:00.000+01:00')).toBe('2022-02-16T11:50:00.000Z');
    expect(normaliseTimestamp('2020-01-01T00:00:00.1425Z')).toBe('2020-01-01T00:00:00.142Z');
    expect(normaliseTimestamp('2020-01-01T00:00:00.1435Z')).toBe('2020-01-01T00:00:00.144Z');
    expect(normaliseTimestamp('2020-01-01T00:00:00.1234567Z')).toBe('2020-01-01T00:00:00.123Z');
    expect(normaliseTimestamp('2020-01-01T00:00Z')).toBe('2020-01-01T00:00:00.000Z');
    expect(normaliseTimestamp('not a time')).toBe('not a time');
    expect(() => normaliseTimestamp('2020-01-01T00:00:00.9995Z')).toThrow();
  });

  it('normalises EPC URIs and Digital Links to id.gs1.org', () => {
    expect(normaliseDigitalLink('urn:epc:id:sgtin:4012345.011111.9876')).toBe('https://id.gs1.org/01/04012345111118/21/9876');
    expect(normaliseDigitalLink('urn:epc:id:sscc:4012345.1112223334')).toBe('https://id.gs1.org/00/140123451122233341');
    expect(normaliseDigitalLink('https://example.com/gtin/4012345111118/lot/A1?x=1')).toBe('https://id.gs1.org/01/04012345111118/10/A1');
    expect(normaliseDigitalLink('https://ledger.example/uk/batch/rod-1')).toBeUndefined();
    expect(checkDigit('401234511111')).toBe(8);
  });

  it('orders strings by code point, as Python does (not by UTF-16 unit)', () => {
    expect(comparePython('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFF').toBe(true);
  });

  it('writes kilograms as the exact decimal of the grams, and reads them back', () => {
    expect(kilogramsOfGrams(1)).toBe(0.001);
    expect(kilogramsOfGrams(1500)).toBe(1.5);
    expect(kilogramsOfGrams(10 ** 12)).toBe(10 ** 9);
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (g) => gramsOfKilograms(kilogramsOfGrams(g)) === g));
    expect(gramsOfKilograms(0.0005)).toBeUndefined();
    expect(gramsOfKilograms(-1)).toBeUndefined();
  });
});
