// npm run projections:rebuild [name…]: replays the log from position 1 into shadow tables with a progress bar,
// then swaps them in within one transaction. Safe while the app runs: its projector carries on from the swapped
// checkpoint. When no projector runs, this one catches the new tables up to the head itself before it exits.
import { SingleBar } from 'cli-progress';
import { createProjector, openApp } from '../lib/app';
import { loadEnv } from '../lib/env';
import { createLogger } from '../lib/log';
import { currentLeaseHolder } from '../lib/read/lease';
import { PROJECTIONS, projectionNamed } from '../lib/read/projections';
import { rebuildProjections } from '../lib/read/rebuild';
import { waitUntilCaughtUp } from '../lib/read/status';

const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
const names = process.argv.slice(2);
let defs: (typeof PROJECTIONS)[number][];
try {
  defs = names.length > 0 ? names.map(projectionNamed) : [...PROJECTIONS];
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const app = await openApp(loadEnv(), log);
try {
  const bar = new SingleBar({
    format: '[{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted} | {phase}',
    barsize: 30,
    hideCursor: true,
  });
  console.log(`rebuilding ${defs.map((d) => d.name).join(', ')} from the start of the log`);
  bar.start(1, 0, { rate: 0, phase: 'replaying' });
  const r = await rebuildProjections(app.db.$client, app.store, defs, {
    onProgress: (p) => {
      bar.setTotal(Math.max(1, p.head));
      bar.update(p.position, { rate: Math.round(p.eventsPerSec), phase: p.phase });
    },
  });
  bar.stop();
  console.log(`rebuilt from ${r.events} events in ${r.seconds.toFixed(1)} s and swapped in at position ${r.position}`);
  const holder = currentLeaseHolder(app.db.$client);
  if (holder) {
    console.log(`the running projector (${holder.owner}) carries on live from the new checkpoints`);
  } else {
    const projector = createProjector(app, log);
    projector.start();
    await waitUntilCaughtUp(
      app.db.$client,
      app.store,
      defs.map((d) => d.name),
      600_000,
    );
    await projector.stop();
    console.log('no projector was running: caught the new tables up to the head of the log');
  }
} finally {
  await app.close();
}
