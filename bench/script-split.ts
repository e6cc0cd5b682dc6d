// npm run bench:split: where Redis's thread spends an append of 10, counted by Redis itself (INFO commandstats,
// microseconds per EVALSHA) on a redis-server of its own: the minimal correct store's script, the store's append
// script, and the store's script with one piece of the contract taken out, in one process, turn by turn in
// rotating order; prints the median per append and its ratio to the baseline. Throughput on these shared cores
// swings with the machine (docs/event-store.md, "Performance"); Redis's own count of its time swings much less.
// The variants are measurements only: each gives up a guarantee (see the table's last column).
import type { Redis } from 'ioredis';
import { connectRedis, openRedisStore, type RedisEventStore, redisClientOptions } from '../lib/eventstore/redis';
import { APPEND } from '../lib/eventstore/redis-scripts';
import { startRedisServer } from '../lib/testing/redis-server';
import { fmt, measure } from './lib';
import { BASELINE_APPEND, benchEvent, fullEvent } from './payload';

const BATCH = 10;
const PER_TURN = Number(process.env.PER_TURN ?? 500); // appends per turn, 32 in flight
const TURNS = Number(process.env.TURNS ?? 15);

/** A piece of the script, cut out: the text it replaces must be there, so that a changed script fails loudly. */
function without(piece: string, replacement = ''): (lua: string) => string {
  return (lua) => {
    if (!lua.includes(piece)) throw new Error(`the append script no longer holds: ${piece}`);
    return lua.replace(piece, replacement);
  };
}
const VARIANTS: { name: string; givesUp: string; script: (lua: string) => string }[] = [
  { name: 'the store', givesUp: '', script: (lua) => lua },
  {
    name: 'without the id lookup (HMGET)',
    givesUp: 'retries and reused ids go unnoticed',
    script: without('  local r = known()\n  if r then return r end\n'),
  },
  {
    name: 'without the id index (HMGET and HSET)',
    givesUp: 'readEvent, retries, unique ids',
    script: (lua) =>
      without("if n > 1 then redis.call('HSET', ids, unpack(idArgs)) end")(
        without('  local r = known()\n  if r then return r end\n')(lua),
      ),
  },
  {
    name: 'without the stream index (ZADD)',
    givesUp: 'listStreams',
    script: without("if version == 0 then redis.call('ZADD', streams, '0', streamId) end"),
  },
];

const server = await startRedisServer();
const admin = await connectRedis(server.url, redisClientOptions(2000));
const stores: RedisEventStore[] = [];
try {
  admin.defineCommand('baseAppend', { numberOfKeys: 2, lua: BASELINE_APPEND });
  const baseAppend = (admin as unknown as { baseAppend(...a: string[]): Promise<unknown> }).baseAppend.bind(admin);
  const sides: { name: string; givesUp: string; append: (streamId: string) => Promise<unknown> }[] = [
    {
      name: 'minimal correct store',
      givesUp: '',
      append: (id) =>
        baseAppend(`{minimal}:s:${id}`, '{minimal}:log', '0', ...Array.from({ length: BATCH }, () => fullEvent(id))),
    },
  ];
  for (const [i, v] of VARIANTS.entries()) {
    const store = await openRedisStore({ redisUrl: server.url, namespace: `split-${i}` });
    stores.push(store);
    // The same client, the same command name: only the script's text differs.
    (store.client as Redis).defineCommand('esAppend', { numberOfKeys: 5, lua: v.script(APPEND) });
    sides.push({
      name: v.name,
      givesUp: v.givesUp,
      append: (id) => store.append(id, Array.from({ length: BATCH }, benchEvent), { expectedVersion: 0 }),
    });
  }
  const evalsha = async () => {
    const m = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(await admin.info('commandstats'));
    return { calls: Number(m?.[1] ?? 0), usec: Number(m?.[2] ?? 0) };
  };
  for (const side of sides) await measure(PER_TURN, 32, (i) => side.append(`warm-${i}`).then(() => BATCH));
  const perAppend = sides.map(() => [] as number[]);
  for (let turn = 0; turn < TURNS; turn++) {
    for (let j = 0; j < sides.length; j++) {
      const k = (j + turn) % sides.length;
      const before = await evalsha();
      await measure(PER_TURN, 32, (i) => sides[k]!.append(`t${turn}-${i}`).then(() => BATCH));
      const after = await evalsha();
      perAppend[k]!.push((after.usec - before.usec) / (after.calls - before.calls));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(perAppend[0]!);
  console.log(
    `\nRedis's thread per append of ${BATCH} (INFO commandstats), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${TURNS} turns of ${PER_TURN} appends, 32 in flight, medians\n`,
  );
  console.log('| script | µs per append | of the baseline | spread (µs) | gives up |');
  console.log('|---|---:|---:|---:|---|');
  for (const [k, side] of sides.entries()) {
    const xs = perAppend[k]!;
    console.log(
      `| ${side.name} | ${median(xs).toFixed(1)} | ${fmt.ratio(median(xs) / base)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} | ${side.givesUp} |`,
    );
  }
} finally {
  for (const s of stores) await s.close();
  admin.disconnect();
  await server.stop();
}
