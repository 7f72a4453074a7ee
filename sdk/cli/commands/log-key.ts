import { CONNECTION_OPTIONS, publicClient, problemResult, type Command } from '../context.js';

export const logKey: Command = {
  name: 'log-key',
  summary: "Print the log's verifier key string as the server reports it (for a first look, not for trust)",
  usage: 'tally log-key [--url <server>] [--json]',
  examples: ['tally log-key --url http://127.0.0.1:8080'],
  details: [
    'A key fetched from the server you want to check proves nothing: a dishonest server would hand out its own.',
    'Pin the key the operator gives you out of band (its log-key.pub), and compare it with this one.',
  ],
  options: { url: CONNECTION_OPTIONS.url },
  async run(args) {
    const { data, error } = await publicClient(args).GET('/v1/log');
    if (error) return problemResult(error);
    console.error(
      'tally: WARNING: this key comes from the server itself, so it proves nothing about that server. Check it against the key the operator published (log-key.pub) before you pin it.',
    );
    return { json: { logKey: data.logKey, origin: data.origin, fetchedFromServer: true }, text: data.logKey };
  },
};
