import { TallyError } from '../errors.js';
import { decimalOfDouble, parseDecimal } from '../../schemas/decimal.js';
import type { CustodyModel } from '../../schemas/state.js';

/**
 * The chain-of-custody model of a claim (SPEC 4): `identity-preserved` when the batch is neither
 * mixed nor allocated; else `mass-balance` when allocated; else `segregated` when the claimed
 * figure is the whole batch; else `controlled-blending`.
 * "The claimed share is 100%" is read as the batch's actual figure being all of its mass: the
 * model describes how the material was handled, not how much the claimant asked for.
 */
export function custodyModel(batch: { mixed: boolean; allocated: boolean }, figureIsWholeBatch: boolean): CustodyModel {
  if (!batch.mixed && !batch.allocated) return 'identity-preserved';
  if (batch.allocated) return 'mass-balance';
  return figureIsWholeBatch ? 'segregated' : 'controlled-blending';
}

/**
 * Exactly whether partG / wholeG >= atLeast, reading `atLeast` as the decimal the client wrote: a
 * decimal string as it is (any number of digits within the bounds of parseDecimal), a number as
 * the decimal of at most 15 significant digits it came from (0.64 means 64/100, not the double
 * nearest to it, which is a hair above). No rounding can make a claim hold that does not, or fail
 * one that does. An empty batch (wholeG = 0) has share 0.
 * Requires non-negative safe integers and an `atLeast` the claims schema accepted (0 to 1, exact).
 * @example shareAtLeast(150, 220, '0.681818181818181819') === false
 */
export function shareAtLeast(partG: number, wholeG: number, atLeast: number | string): boolean {
  const exact = typeof atLeast === 'string' ? parseDecimal(atLeast) : decimalOfDouble(atLeast);
  if (exact === undefined) throw new TallyError('invalid_query', `atLeast ${String(atLeast)} cannot be compared exactly`, ['atLeast']);
  if (wholeG === 0) return exact.numerator <= 0n;
  return BigInt(partG) * exact.denominator >= exact.numerator * BigInt(wholeG);
}
