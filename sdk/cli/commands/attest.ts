import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { oneOf } from '../flags.js';

const KINDS = ['assay', 'certificate', 'inspection'] as const;

export const attest: Command = {
  name: 'attest',
  summary: 'Attach an assay, certificate or inspection to a batch, by the SHA-256 of the document',
  usage: 'tally attest <batch> --kind <assay|certificate|inspection> (--file <document> | --sha256 <hex>) [--summary <text>]',
  examples: ['tally attest cu-rod-8mm-1 --kind assay --file assay-2026-118.pdf --summary "Cu 99.97%"'],
  details: ['--file hashes the document locally; only the hash goes on the ledger.', ...EVENT_DETAILS],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, kind: { type: 'string' }, file: { type: 'string' }, sha256: { type: 'string' }, summary: { type: 'string' } },
  async run(args) {
    const batch = positional(args, 'batch', this);
    const kind = oneOf(requiredOption(args, 'kind'), KINDS, '--kind');
    const file = stringOption(args, 'file');
    const given = stringOption(args, 'sha256');
    if ((file === undefined) === (given === undefined)) throw new UsageError('give the document with --file, or its hash with --sha256 (one of them)');
    let sha256: string;
    try {
      sha256 = given ?? createHash('sha256').update(readFileSync(file!)).digest('hex');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    const summary = stringOption(args, 'summary');
    return appendEvent(args, 'batch.attest', { batch, kind, sha256, ...(summary ? { summary } : {}) }, `${batch}: ${kind} ${sha256.slice(0, 16)}...${summary ? ` (${summary})` : ''}`);
  },
};
