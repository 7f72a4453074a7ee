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
 * The decimal a double was written as, exactly, as numerator / 10^k: JSON carries `atLeast` as
 * decimal text, and `String(x)` gives back the shortest decimal that round-trips to the same
 * double, i.e. what the client wrote (for any text of up to 15 significant digits).
 * Requires a finite non-negative number.
 */
function decimalOf(x: number): { numerator: bigint; denominator: bigint } {
  const [mantissa, exponentText] = String(x).split('e') as [string, string | undefined];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string | undefined];
  let numerator = BigInt(whole + fraction);
  let denominator = 10n ** BigInt(fraction.length);
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (exponent > 0) numerator *= 10n ** BigInt(exponent);
  if (exponent < 0) denominator *= 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

/**
 * Exactly whether partG / wholeG >= atLeast, reading `atLeast` as the decimal the client wrote
 * (0.64 means 64/100, not the double nearest to it, which is a hair above): no rounding of the
 * division can make a claim hold that does not, or fail one that does. An empty batch
 * (wholeG = 0) has share 0.
 * Requires non-negative safe integers and 0 <= atLeast <= 1.
 * @example shareAtLeast(7_680, 12_000, 0.64) === true
 */
export function shareAtLeast(partG: number, wholeG: number, atLeast: number): boolean {
  if (wholeG === 0) return atLeast <= 0;
  const { numerator, denominator } = decimalOf(atLeast);
  return BigInt(partG) * denominator >= numerator * BigInt(wholeG);
}
