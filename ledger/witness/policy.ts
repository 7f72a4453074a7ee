import { TallyError, isTallyError } from '../errors.js';
import { toHex } from '../encoding/bytes.js';
import { nobleVerify, type VerifyFn } from '../crypto/signature.js';
import { parseCheckpoint, parseVerifierKey, type Checkpoint } from '../log/checkpoint.js';
import { parseCosignerKey, verifyCosignature, type CosignerKey } from './cosignature.js';

/**
 * C2SP tlog-policy (https://c2sp.org/tlog-policy): `log <vkey> [<url>]`, `witness <name> <vkey>
 * [<url>]`, `group <name> all|any|<k> <member>...`, `quorum <name>` (or `quorum none`), comments
 * and blank lines. A checkpoint meets a policy when a listed log signed it and the quorum of
 * witnesses cosigned it.
 */

export interface PolicyWitness {
  name: string;
  key: CosignerKey;
  vkey: string;
  url?: string;
}

interface Group {
  threshold: number;
  members: string[];
}

export interface TlogPolicy {
  logs: Array<{ vkey: string; url?: string }>;
  witnesses: Map<string, PolicyWitness>;
  groups: Map<string, Group>;
  /** A witness or group name, or `none`. */
  quorum: string;
}

function invalid(line: number, message: string): TallyError {
  return new TallyError('invalid_policy', `policy line ${line}: ${message}`);
}

/**
 * Parses a policy file.
 * @throws TallyError `invalid_policy` naming the line: unknown keyword, bad key, duplicate key or
 *   name, a group member or quorum not defined above, a threshold outside 1..n, no or two quorum
 *   lines, a control character other than tab.
 */
export function parsePolicy(text: string): TlogPolicy {
  const policy: TlogPolicy = { logs: [], witnesses: new Map(), groups: new Map(), quorum: '' };
  const publicKeys = new Set<string>();
  const defined = (name: string) => policy.witnesses.has(name) || policy.groups.has(name);
  let quorumLines = 0;
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw)) throw invalid(n, 'control characters other than tab are not allowed');
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [keyword, ...args] = line.split(/[ \t]+/);
    const uniqueKey = (hexKey: string) => {
      if (publicKeys.has(hexKey)) throw invalid(n, 'duplicate public key');
      publicKeys.add(hexKey);
    };
    switch (keyword) {
      case 'log': {
        if (args.length < 1 || args.length > 2) throw invalid(n, 'expected log <vkey> [<url>]');
        try {
          uniqueKey(toHex(parseVerifierKey(args[0]!).publicKey));
        } catch (err) {
          if (isTallyError(err) && err.code === 'invalid_policy') throw err;
          throw invalid(n, `bad log key: ${(err as Error).message}`);
        }
        policy.logs.push({ vkey: args[0]!, ...(args[1] ? { url: args[1] } : {}) });
        return;
      }
      case 'witness': {
        if (args.length < 2 || args.length > 3) throw invalid(n, 'expected witness <name> <vkey> [<url>]');
        const [name, vkey, url] = args as [string, string, string | undefined];
        if (name === 'none' || defined(name)) throw invalid(n, `name ${name} is already defined`);
        let key: CosignerKey;
        try {
          key = parseCosignerKey(vkey);
        } catch (err) {
          throw invalid(n, `bad witness key: ${(err as Error).message}`);
        }
        uniqueKey(toHex(key.publicKey));
        policy.witnesses.set(name, { name, key, vkey, ...(url ? { url } : {}) });
        return;
      }
      case 'group': {
        if (args.length < 3) throw invalid(n, 'expected group <name> all|any|<k> <member>...');
        const [name, thresholdText, ...members] = args as [string, string, ...string[]];
        if (name === 'none' || defined(name)) throw invalid(n, `name ${name} is already defined`);
        if (new Set(members).size !== members.length) throw invalid(n, 'a member is listed twice');
        const undefinedMember = members.find((m) => !defined(m));
        if (undefinedMember !== undefined) throw invalid(n, `member ${undefinedMember} is not defined above`);
        const threshold = thresholdText === 'all' ? members.length : thresholdText === 'any' ? 1 : /^[1-9][0-9]*$/.test(thresholdText) ? Number(thresholdText) : NaN;
        if (!(threshold >= 1 && threshold <= members.length)) throw invalid(n, `threshold ${thresholdText} must be all, any or 1..${members.length}`);
        policy.groups.set(name, { threshold, members });
        return;
      }
      case 'quorum': {
        if (args.length !== 1) throw invalid(n, 'expected quorum <name>');
        if (args[0] !== 'none' && !defined(args[0]!)) throw invalid(n, `quorum ${args[0]} is not defined above`);
        quorumLines++;
        policy.quorum = args[0]!;
        return;
      }
      default:
        throw invalid(n, `unknown keyword ${keyword}`);
    }
  });
  if (quorumLines !== 1) throw new TallyError('invalid_policy', `a policy has exactly one quorum line, not ${quorumLines}`);
  return policy;
}

/** What a checkpoint showed against a policy. */
export interface PolicyVerdict {
  checkpoint: Checkpoint;
  /** The log key (verifier key string) that signed it. */
  logKey: string;
  /** Witnesses with a valid cosignature, by policy name. */
  cosigned: string[];
  /** Policy witnesses without one. */
  missing: string[];
}

/**
 * Verifies `text` against `policy`: signed by one of its logs (any, if the policy lists none and
 * `logKey` is given), cosigned by a quorum.
 * @throws TallyError `policy_unsatisfied` naming the missing witnesses, or naming the logs when
 *   none signed it; `invalid_cosignature` for a cosignature line of a policy witness that does
 *   not verify (a malformed note is refused, not silently discounted).
 */
export function checkPolicy(text: string, policy: TlogPolicy, options: { logKey?: string; verify?: VerifyFn } = {}): PolicyVerdict {
  const verify = options.verify ?? nobleVerify;
  const logKeys = policy.logs.length > 0 ? policy.logs.map((l) => l.vkey) : options.logKey ? [options.logKey] : [];
  if (options.logKey !== undefined && policy.logs.length > 0 && !logKeys.includes(options.logKey)) {
    throw new TallyError('policy_unsatisfied', 'the pinned log key is not one of the logs the policy lists');
  }
  let checkpoint: Checkpoint | undefined;
  let logKey = '';
  for (const key of logKeys) {
    try {
      checkpoint = parseCheckpoint(text, key, verify);
      logKey = key;
      break;
    } catch {
      // Another listed log may have signed it.
    }
  }
  if (checkpoint === undefined) throw new TallyError('policy_unsatisfied', 'the checkpoint is not signed by any log of the policy');
  const cosigned: string[] = [];
  const missing: string[] = [];
  for (const witness of policy.witnesses.values()) {
    (verifyCosignature(text, witness.key, verify) === undefined ? missing : cosigned).push(witness.name);
  }
  if (!satisfied(policy, policy.quorum, new Set(cosigned))) {
    throw new TallyError(
      'policy_unsatisfied',
      `the checkpoint of size ${checkpoint.size} lacks the quorum ${policy.quorum}: cosigned by ${cosigned.join(', ') || 'no witness'}; missing ${missing.join(', ')}`,
    );
  }
  return { checkpoint, logKey, cosigned, missing };
}

function satisfied(policy: TlogPolicy, name: string, cosigned: ReadonlySet<string>): boolean {
  if (name === 'none') return true;
  const group = policy.groups.get(name);
  if (group === undefined) return cosigned.has(name);
  return group.members.filter((member) => satisfied(policy, member, cosigned)).length >= group.threshold;
}
