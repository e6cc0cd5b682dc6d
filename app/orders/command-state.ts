// What a command form shows after a server action (shared by the actions and the client forms).

export type CommandState =
  | { status: 'idle' }
  | { status: 'saved'; version: number; at: number }
  | { status: 'refused'; message: string; field?: string; at: number }
  | { status: 'conflict'; message: string; currentVersion: number; at: number };

export const idle: CommandState = { status: 'idle' };
