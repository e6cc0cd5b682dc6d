// npm run projections:status: each projection's checkpoint, the head of the log, the lag, and who holds the lease.
import { openAppDb } from '../db/client';
import { createLogger } from '../lib/log';
import { projectionsStatus } from '../lib/read/status';
import { openStoreOfRecord } from '../lib/store-selection';
import { cliEnv } from './cli';

// Reads only: it opens the store and the read model, and changes neither (no seeding, no upgrade, no secret made).
const env = cliEnv();
const { store, accounts, description } = await openStoreOfRecord(
  env,
  createLogger({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' }),
);
const db = openAppDb(env.appDbPath);
try {
  const { head, lease, projections } = await projectionsStatus(db, store);
  console.log(`event store: ${description}`);
  console.log(`read model:  ${env.appDbPath}`);
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
  db.$client.close();
  await accounts.close();
  await store.close();
}
