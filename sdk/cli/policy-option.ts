import { readFileSync } from 'node:fs';
import { nodeVerify } from '../node-verify.js';
import { checkPolicy, parsePolicy, type TlogPolicy } from '../../ledger/witness/policy.js';
import { stringOption, UsageError, type ParsedArgs } from './context.js';

/** `--policy <file>`: a C2SP tlog-policy every checkpoint must meet (SPEC 5.1). */
export const POLICY_OPTION = { policy: { type: 'string', default: process.env.TALLY_POLICY } } as const;

/** The parsed `--policy` file, if one was given. */
export function policyOf(args: ParsedArgs): TlogPolicy | undefined {
  const path = stringOption(args, 'policy');
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the policy ${path}: ${(err as Error).message}`);
  }
  return parsePolicy(text);
}

/**
 * A check that throws `policy_unsatisfied` (naming the missing witnesses) for a checkpoint that
 * does not meet `--policy`; undefined without a policy.
 */
export function policyCheck(args: ParsedArgs, logKey?: string): ((checkpoint: string, key?: string) => void) | undefined {
  const policy = policyOf(args);
  if (policy === undefined) return undefined;
  return (checkpoint, key = logKey) => {
    checkPolicy(checkpoint, policy, { ...(key !== undefined ? { logKey: key } : {}), verify: nodeVerify });
  };
}
