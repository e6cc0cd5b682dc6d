// npm run projections:rebuild: replays the log from position 1 into shadow tables with a progress bar, then swaps
// them in within one transaction. Every projection is rebuilt together, with the folded order state they share.
// Safe while the app runs: its projector carries on from the swapped checkpoint. When no projector runs, this one
// catches the new tables up to the head itself before it exits.
import { SingleBar } from 'cli-progress';
import { createProjector, openApp } from '../lib/app';
import { createLogger } from '../lib/log';
import { currentLeaseHolder } from '../lib/read/lease';
import { PROJECTIONS } from '../lib/read/projections';
import { rebuildProjections } from '../lib/read/rebuild';
import { waitUntilCaughtUp } from '../lib/read/status';
import { cliEnv } from './cli';

if (process.argv.length > 2) {
  console.error(
    `projections:rebuild takes no names: every projection (${PROJECTIONS.map((p) => p.name).join(', ')}) is rebuilt ` +
      'together, with the folded order state they share',
  );
  process.exit(2);
}
const env = cliEnv();
const log = createLogger({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
const app = await openApp(env, log);
try {
  const bar = new SingleBar({
    format: '[{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted} | {phase}',
    barsize: 30,
    hideCursor: true,
  });
  console.log(`rebuilding ${PROJECTIONS.map((p) => p.name).join(', ')} from the start of the log`);
  bar.start(1, 0, { rate: 0, phase: 'replaying' });
  const r = await rebuildProjections(app.db, app.store, PROJECTIONS, {
    onProgress: (p) => {
      bar.setTotal(Math.max(1, p.head));
      bar.update(p.position, { rate: Math.round(p.eventsPerSec), phase: p.phase });
    },
  });
  bar.stop();
  console.log(`rebuilt from ${r.events} events in ${r.seconds.toFixed(1)} s and swapped in at position ${r.position}`);
  const holder = currentLeaseHolder(app.db);
  if (holder) {
    console.log(`the running projector (${holder.owner}) carries on live from the new checkpoints`);
  } else {
    const projector = createProjector(app);
    projector.start();
    await waitUntilCaughtUp(app.db, app.store, undefined, 600_000);
    await projector.stop();
    console.log('no projector was running: caught the new tables up to the head of the log');
  }
} finally {
  await app.close();
}
