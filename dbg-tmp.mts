import { TestServer } from './test/support/server.js';
const s = await TestServer.start();
for (const p of ['/v1/batches/%E0%A4%A', '/v1/participants/%ZZ', '/v1/entries/%FF', '/v1/entries/99999999999999999999', '/v1/proofs/inclusion?seq=1&seq=2&size=3', '/v1/reports/retention?material=a&material=b', '/v1/batches/..%2F..%2Fetc']) {
  const r = await fetch(s.url + p);
  console.log(p, r.status, (await r.text()).slice(0, 200));
}
const r = await fetch(s.url + '/v1/claims/verify', { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' });
console.log('latin1', r.status, await r.text());
const r2 = await fetch(s.url + '/v1/claims/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{}' });
console.log('br', r2.status, await r2.text());
const r3 = await fetch(s.url + '/v1/events', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' });
console.log('events gzip', r3.status, await r3.text());
await s.close();
