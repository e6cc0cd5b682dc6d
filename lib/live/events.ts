// Socket.io event names and payloads, typed once for the server and the browser.

export interface ServerToClient {
  /** Sent once on connection, so a client knows it is live. */
  'server:hello': (p: { serverTime: string }) => void;
}

// biome-ignore lint/complexity/noBannedTypes: no client-to-server events yet (the API issue adds subscribe)
export type ClientToServer = {};
