import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '../../sdk/cli/main.js';
import { TestServer } from '../support/server.js';
import { writeKeyFile } from '../../sdk/node/key-file.js';
import { isolateProfile, tally } from './run.js';

/**
 * The daily jobs on the command line, and the messages a person can act on. The server is real;
 * the CLI runs in-process. Each party signs with its own key file, as in life.
 */

const work = mkdtempSync(join(tmpdir(), 'tally-cli-daily-'));
isolateProfile(join(work, 'profile.json'));
let server: TestServer;
const file = (name: string) => join(work, name);
const registrarFile = file('registrar.json');
let as: (party: 'sheffield' | 'rod' | 'registrar') => string[];

beforeAll(async () => {
  server = await TestServer.start();
  writeKeyFile(registrarFile, server.registrar.key);
  as = (party) => ['--url', server.url, '--as', party === 'rod' ? 'midlands-rod' : party === 'sheffield' ? 'sheffield' : 'registrar', '--key', file(`${party}.json`)];
  for (const party of ['sheffield', 'rod']) expect((await tally('keygen', '--out', file(`${party}.json`))).code).toBe(0);
  const add = (id: string, role: string, site: string, key: string) =>
    tally('participant', 'add', id, '--name', `${id} Ltd`, '--role', role, '--country', 'GB', '--site', `${site}=${site} site@GB`, '--public-key', file(key), ...as('registrar'));
  expect((await add('sheffield', 'recycler', 'yard', 'sheffield.pub')).code).toBe(0);
  expect((await add('midlands-rod', 'processor', 'walsall', 'rod.pub')).code).toBe(0);
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('help', () => {
  it('every command has --help with a usage line and an example that names the command', async () => {
    expect(COMMAND_TABLE.length).toBeGreaterThanOrEqual(28);
    for (const command of COMMAND_TABLE) {
      const help = await tally(...command.name.split(' '), '--help');
      expect(help.code, command.name).toBe(0);
      expect(help.out, command.name).toContain(`usage: tally ${command.name}`);
      expect(help.out, command.name).toMatch(new RegExp(`examples?:\\n {2}.*tally ${command.name}`));
    }
    expect((await tally('participant', '--help')).out).toContain('participant add');
    expect((await tally('report')).code).toBe(2);
  });
});

describe('daily jobs with flags', () => {
  it('registers in tonnes, prints what it appended, and --json gives the grams', async () => {
    const run = await tally('register', 'cu-1', '--material', 'copper', '--form', 'scrap', '--mass', '12.5t', '--site', 'yard', '--origin', 'post-consumer', '--country', 'GB', ...as('sheffield'));
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(/^appended batch\.register \S+ as entry \d+\n {2}cu-1: 12\.5 t of copper scrap, post-consumer from GB, at yard$/);
    const json = JSON.parse((await tally('batch', 'cu-1', '--json', ...as('sheffield'))).out) as { batch: { massG: number } };
    expect(json.batch.massG).toBe(12_500_000);
  });

  it('a decimal of a gram, a missing unit and a bad origin are usage errors that say why, and send nothing', async () => {
    const size = server.ledger.size;
    const base = ['register', 'cu-x', '--material', 'copper', '--form', 'scrap', '--site', 'yard', '--country', 'GB', ...as('sheffield')];
    expect(await tally(...base, '--origin', 'primary', '--mass', '12.5g')).toMatchObject({ code: 2, err: expect.stringContaining('masses are whole grams') });
    expect(await tally(...base, '--origin', 'primary', '--mass', '12.5')).toMatchObject({ code: 2, err: expect.stringContaining('no unit') });
    expect(await tally(...base, '--origin', 'recycled', '--mass', '1t')).toMatchObject({ code: 2, err: expect.stringContaining('is not one of post-consumer, pre-consumer, primary') });
    expect(server.ledger.size).toBe(size);
  });

  it('transfers a split, receives with a transit loss, and the lineage tree shows the split', async () => {
    const sent = await tally('transfer', 'cu-1', '--to', 'midlands-rod', '--to-site', 'walsall', '--split', 'cu-1a', '--mass', '4t', ...as('sheffield'));
    expect(sent.out).toContain('cu-1a (4 t split off cu-1) is in transit to midlands-rod at walsall');
    const received = await tally('receive', 'cu-1a', '--mass', '3.99t', ...as('rod'));
    expect(received.out).toContain('cu-1a: received 3.99 t, 0.01 t lost in transit');
    const tree = await tally('lineage', 'cu-1a', ...as('rod'));
    expect(tree.out).toMatch(/^cu-1a +3\.99 t copper scrap, active, midlands-rod\n└─ split @\d+ cu-1 +8\.5 t copper scrap, active, sheffield$/);
    const holdings = await tally('batches', ...as('rod'));
    expect(holdings.out).toMatch(/^1 batch of midlands-rod\ncu-1a +3\.99 t/);
  });

  it('participant update keeps what it is not told to change', async () => {
    const run = await tally('participant', 'update', 'sheffield', '--site', 'tinsley=Tinsley depot@GB', ...as('registrar'));
    expect(run.code, run.out).toBe(0);
    const listed = await tally('participants', '--url', server.url, '--json');
    const sheffield = (JSON.parse(listed.out) as { participants: Array<{ id: string; name: string; sites: Array<{ id: string }> }> }).participants.find((p) => p.id === 'sheffield')!;
    expect([sheffield.name, sheffield.sites.map((s) => s.id)]).toEqual(['sheffield Ltd', ['yard', 'tinsley']]);
  });
});

describe('submit: partial files, retries, messages', () => {
  it('names an unknown field with the one meant, and refuses a decimal mass as whole grams', async () => {
    writeFileSync(file('typo.json'), JSON.stringify({ type: 'batch.register', batch: { id: 'cu-2', material: 'copper', form: 'scrap', mass: 5, site: 'yard' }, origin: { kind: 'primary', country: 'GB' } }));
    const typo = await tally('submit', file('typo.json'), ...as('sheffield'));
    expect(typo.code).toBe(1);
    expect(typo.out).toContain('event.batch.mass: "mass" is not a field here; did you mean "massG"?');
    writeFileSync(file('decimal.json'), JSON.stringify({ type: 'batch.register', batch: { id: 'cu-2', material: 'copper', form: 'scrap', massG: 12.5, site: 'yard' }, origin: { kind: 'primary', country: 'GB' } }));
    expect((await tally('submit', file('decimal.json'), ...as('sheffield'))).out).toContain('masses are whole grams: 12.5 is not an integer');
    // The server says the same to any client, not only to this CLI.
    const raw = await server.submit({ event: { v: 1, ledger: server.origin, id: 'x', type: 'batch.receive', actor: 'a', at: new Date().toISOString(), batch: 'b', mas: 1 }, keyId: '0123456789abcdef', sig: 'A'.repeat(86) });
    expect(raw.body).toMatchObject({ code: 'invalid_event', path: ['event', 'mas'], detail: expect.stringContaining('did you mean "massG"?') });
  });

  it('with --id a retried submit is answered "already in the log" (200), even though `at` would differ; other content under that id is a conflict', async () => {
    writeFileSync(file('attest.json'), JSON.stringify({ $comment: 'an assay', type: 'batch.attest', batch: 'cu-1', kind: 'assay', sha256: 'a'.repeat(64) }));
    const first = await tally('submit', file('attest.json'), '--id', 'sheffield:assay:1', ...as('sheffield'));
    expect(first.out).toMatch(/^appended batch\.attest sheffield:assay:1 as entry (\d+)/);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a fresh `at` would now differ by milliseconds
    const again = await tally('submit', file('attest.json'), '--id', 'sheffield:assay:1', ...as('sheffield'));
    expect(again.code).toBe(0);
    expect(again.out).toContain('(already in the log: an identical resubmission, nothing appended)');
    expect(again.out.match(/entry (\d+)/)![1]).toBe(first.out.match(/entry (\d+)/)![1]);
    // Another document under the same id is not resent as the first: the server refuses it.
    writeFileSync(file('attest.json'), JSON.stringify({ type: 'batch.attest', batch: 'cu-1', kind: 'assay', sha256: 'b'.repeat(64) }));
    const other = await tally('submit', file('attest.json'), '--id', 'sheffield:assay:1', ...as('sheffield'));
    expect(other.code).toBe(1);
    expect(other.out).toContain('event_conflict');
    expect(other.out).toContain('choose another --id');
  });

  it('refuses a file that names another actor, rather than signing it with the wrong key', async () => {
    writeFileSync(file('theirs.json'), JSON.stringify({ type: 'batch.attest', actor: 'midlands-rod', batch: 'cu-1', kind: 'assay', sha256: 'c'.repeat(64) }));
    expect(await tally('submit', file('theirs.json'), ...as('sheffield'))).toMatchObject({ code: 2, err: expect.stringContaining('but you sign as sheffield') });
  });
});

describe('messages a person can act on', () => {
  it('a protected read without a key says which flags give one', async () => {
    const run = await tally('batch', 'cu-1', '--url', server.url);
    expect(run.code).toBe(1);
    expect(run.out).toContain('unauthenticated');
    expect(run.out).toContain('give --key <keyfile> --as <participant>, set TALLY_KEY and TALLY_AS, or run `tally login` once');
  });

  it('an unquoted claim split by the shell is caught, with the reason', async () => {
    writeFileSync(join(process.cwd(), '=0.3'), ''); // what `--claim recycled>=0.3` unquoted leaves behind
    try {
      const run = await tally('claims', 'cu-1', '--claim', 'recycled', ...as('sheffield'));
      expect(run.code).toBe(2);
      expect(run.err).toContain("needs a share, as in --claim 'recycled>=0.3'. Quote it");
      expect(run.err).toContain('(here: =0.3; delete it)');
    } finally {
      rmSync(join(process.cwd(), '=0.3'), { force: true });
    }
    expect((await tally('claims', 'cu-1', '--claim', 'recycled>=30%', ...as('sheffield'))).out).toContain('HOLDS  recycled >= 30.0000%');
  });

  it('a raw key or a key file where the verifier key string is wanted says which is which', async () => {
    const rawKey = readFileSync(file('sheffield.pub'), 'utf8').trim();
    // Joined with `=`: a random base64url key starts with '-' one time in 64, which would make the
    // separate form an option of its own (CI once met it) rather than the key under test.
    const raw = await tally('verify', file('nothing.json'), `--log-key=${rawKey}`);
    expect(raw.code).toBe(2);
    expect(raw.err).toContain('is a raw Ed25519 public key (base64url)');
    expect(raw.err).toContain("--log-key wants the log's verifier key string, <origin>+<8 hex digits>+<base64 key>");
    expect((await tally('verify', file('nothing.json'), '--log-key', file('sheffield.json'))).err).toContain('is a key file (JSON), not a verifier key string');
    // log-key.pub, as the server writes it, is accepted as a file.
    expect((await tally('replay', '--log-key', join(server.config.dataDir, 'log-key.pub'), '--url', server.url, '--as', 'registrar', '--key', registrarFile)).out).toMatch(/^OK: replayed/);
  });

  it('tally log-key prints the key with a warning that it proves nothing', async () => {
    const run = await tally('log-key', '--url', server.url);
    expect(run.out).toBe(server.ledger.info.logKey);
    expect(run.err).toContain('proves nothing about that server');
  });

  it('not-exported from a bundle is INCONCLUSIVE, and does not fail the exit code', async () => {
    expect((await tally('bundle', 'cu-1a', '--out', file('b.json'), ...as('rod'))).code).toBe(0);
    const run = await tally('verify', file('b.json'), '--log-key', server.ledger.info.logKey, '--claim', 'not-exported', '--claim', 'recycled>=0.9');
    expect(run.code).toBe(0);
    expect(run.out).toContain('INCONCLUSIVE not-exported');
    expect(run.out).toContain('HOLDS recycled >= 90.0000%');
  });
});

describe('profiles', () => {
  it('tally login writes a 0600 profile; later commands need no --key/--as; flags and TALLY_* win over it', async () => {
    const login = await tally('login', '--key', file('rod.json'), '--as', 'midlands-rod', '--url', server.url, '--log-key', server.ledger.info.logKey);
    expect(login.code, login.err).toBe(0);
    expect(statSync(file('profile.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file('profile.json'), 'utf8'))).toMatchObject({ as: 'midlands-rod', key: file('rod.json'), url: server.url });
    expect((await tally('batches')).out).toMatch(/^1 batch of midlands-rod/);
    expect((await tally('verify', file('b.json'))).out).toContain('VALID bundle'); // the pinned log key
    process.env.TALLY_AS = 'sheffield';
    process.env.TALLY_KEY = file('sheffield.json');
    try {
      expect((await tally('batches')).out).toMatch(/^\d+ batch(es)? of sheffield/);
    } finally {
      delete process.env.TALLY_AS;
      delete process.env.TALLY_KEY;
    }
    expect(existsSync(file('profile.json'))).toBe(true);
  });
});
