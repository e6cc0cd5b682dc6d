// shutDown in a child process of its own (it ends the process): steps that finish, and steps that never do.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs shutDown in a fresh node with `steps` (source of an async function) and a 300 ms deadline. */
function run(steps: string) {
  const script = `
    import { shutDown } from './lib/shutdown.ts';
    const log = { error: (m) => console.error(m) };
    await shutDown(log, ${steps}, 300);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr };
}

describe('shutDown', () => {
  it('exits with 0 once its steps are done', () => {
    const r = run('async () => { await new Promise((r) => setTimeout(r, 10)); }');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stderr).not.toContain('shutdown');
  });

  it('exits with 1, saying so, when a step never finishes (a store that does not answer)', () => {
    const r = run('() => new Promise(() => { setInterval(() => {}, 1000); })');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('shutdown: not finished after 0.3 s');
  });
});
