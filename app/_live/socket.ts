'use client';
// The browser's one socket to the server (same origin and port as the pages), and the hooks pages use.
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, OrderUpdated, ServerToClient } from '../../lib/live/events';

let socket: Socket<ServerToClient, ClientToServer> | undefined;

export function liveSocket(): Socket<ServerToClient, ClientToServer> {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}

/**
 * Calls `onUpdate` for every `order:updated` this socket may hear, and `onConnect` whenever the socket connects
 * after the page was rendered (first connection or reconnection): whatever was pushed in between was missed, and
 * a refetch makes that cost nothing.
 */
export function useOrderUpdates(onUpdate: (u: OrderUpdated) => void, onConnect?: () => void): void {
  useEffect(() => {
    const s = liveSocket();
    const connected = () => onConnect?.();
    s.on('order:updated', onUpdate);
    s.on('connect', connected);
    return () => {
      s.off('order:updated', onUpdate);
      s.off('connect', connected);
    };
  }, [onUpdate, onConnect]);
}

export function useConnected(): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const s = liveSocket();
    const on = () => setConnected(true);
    const off = () => setConnected(false);
    setConnected(s.connected);
    s.on('connect', on);
    s.on('disconnect', off);
    s.on('connect_error', off);
    return () => {
      s.off('connect', on);
      s.off('disconnect', off);
      s.off('connect_error', off);
    };
  }, []);
  return connected;
}
