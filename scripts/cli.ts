// What every command-line script shares: the configuration, or a one-line message naming what is wrong with it.
import { ConfigError, type Env, loadEnv } from '../lib/env';

/** The validated configuration; a bad value ends the script with its message (exit code 2), not a stack trace. */
export function cliEnv(): Env {
  try {
    return loadEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
