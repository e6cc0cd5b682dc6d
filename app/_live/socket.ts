'use client';
// The browser's one socket to the server (same origin and port as the pages).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../lib/live/events';

let socket: Socket<ServerToClient, ClientToServer> | undefined;

export function liveSocket(): Socket<ServerToClient, ClientToServer> {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}
