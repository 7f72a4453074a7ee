import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMass, MassError, parseMass } from '../../sdk/cli/mass.js';

describe('masses on the command line', () => {
  it('reads tonnes, kilograms and grams exactly, without floating point', () => {
    expect(parseMass('12.5t')).toBe(12_500_000);
    expect(parseMass('0.1t')).toBe(100_000);
    expect(parseMass('0.000001t')).toBe(1);
    expect(parseMass('800kg')).toBe(800_000);
    expect(parseMass('12.46T')).toBe(12_460_000);
    expect(parseMass('1200 g')).toBe(1_200);
    expect(parseMass('1000000t')).toBe(1e12);
  });

  it('says what is wrong: no unit, a fraction of a gram, zero, too much, not a number', () => {
    expect(() => parseMass('12.5')).toThrow(/no unit: write 12.5t, 12.5kg or 12.5g/);
    expect(() => parseMass('12.5g')).toThrow(/masses are whole grams/);
    expect(() => parseMass('0.0000001t')).toThrow(/whole grams/);
    expect(() => parseMass('0kg')).toThrow(/at least 1 g/);
    expect(() => parseMass('1000001t')).toThrow(/more than one event may carry/);
    expect(() => parseMass('-5t')).toThrow(MassError);
    expect(() => parseMass('5 tonnes')).toThrow(/e\.g\. 12\.5t/);
    expect(() => parseMass('1e3kg')).toThrow(MassError);
  });

  it('prints grams as tonnes to the gram, and parses back what it prints', () => {
    expect(formatMass(12_500_000)).toBe('12.5 t');
    expect(formatMass(1)).toBe('0.000001 t');
    expect(formatMass(0)).toBe('0 t');
    expect(formatMass('300000000000')).toBe('300,000 t');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), (g) => {
        expect(parseMass(formatMass(g).replace(/,/g, '').replace(' ', ''))).toBe(g);
      }),
    );
  });
});
