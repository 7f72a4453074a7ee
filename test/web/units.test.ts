import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMass, formatShare, parseMass, type MassUnit } from '../../web/src/units.js';

describe('masses as people type them, as the ledger signs them', () => {
  it('converts tonnes and kilograms to exact grams, never through a float', () => {
    expect(parseMass('17.95', 't')).toEqual({ grams: 17_950_000 });
    expect(parseMass('0.1', 't')).toEqual({ grams: 100_000 });
    expect(parseMass('5450', 'kg')).toEqual({ grams: 5_450_000 });
    expect(parseMass('1,200.5', 'kg')).toEqual({ grams: 1_200_500 });
    expect(parseMass(' 2.000001 ', 't')).toEqual({ grams: 2_000_001 });
  });

  it('refuses what is not a whole number of grams, or not a mass', () => {
    expect(parseMass('0.0000001', 't')).toHaveProperty('error');
    expect(parseMass('1.0005', 'kg')).toHaveProperty('error');
    expect(parseMass('0', 't')).toHaveProperty('error');
    for (const text of ['', 'five', '-1', '1e3', '0x10', '1.', '.5', '1 t', 'Infinity']) expect(parseMass(text, 't'), text).toHaveProperty('error');
    expect(parseMass('99999999999', 't')).toHaveProperty('error'); // past 2^53 grams
  });

  it('reads back every mass it shows, in the unit it shows it in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (grams) => {
        const [number, unit] = formatMass(grams).split(' ') as [string, string];
        if (unit === 'g') expect(Number(number)).toBe(grams);
        else expect(parseMass(number, unit as MassUnit)).toEqual({ grams });
      }),
    );
  });

  it('shows shares as the demo prints SPEC 4’s worked example', () => {
    expect(formatShare(150 / 220)).toBe('68.1818%');
    expect(formatShare(0.5)).toBe('50%');
    expect(formatMass(0)).toBe('0 g');
    expect(formatMass('123456789012345678')).toBe('123,456,789,012.345678 t');
  });
});
