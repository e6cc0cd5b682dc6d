// npm run projections:status: each projection's checkpoint, the head of the log, the lag, and who holds the lease.
import { openApp } from '../lib/app';
import { createLogger } from '../lib/log';
import { projectionsStatus } from '../lib/read/status';
import { cliEnv } from './cli';

const env = cliEnv();
const app = await openApp(env, createLogger({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' }));
try {
  const { head, lease, projections } = await projectionsStatus(app.db, app.store);
  console.log(`event store: ${app.storeDescription}`);
  console.log(`read model:  ${app.env.appDbPath}`);
  console.log(`head of the log: position ${head}`);
  console.log(
    lease
      ? `projector lease: held by ${lease.owner} (expires in ${Math.round((lease.expiresAt - Date.now()) / 1000)} s unless renewed)`
      : 'projector lease: free (no projector is running)',
  );
  console.table(
    projections.map((p) => ({
      projection: p.name,
      checkpoint: p.checkpoint,
      behind: p.behind,
      'last commit': p.updatedAt ?? 'never',
      'commit lag ms': p.commitLagMs ?? '',
      'oldest pending ms': p.oldestPendingMs,
    })),
  );
} finally {
  await app.close();
}
