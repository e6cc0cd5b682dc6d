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

/** Calls `onUpdate` for every `order:updated` this socket may hear, and `onReconnect` after a reconnection. */
export function useOrderUpdates(onUpdate: (u: OrderUpdated) => void, onReconnect?: () => void): void {
  useEffect(() => {
    const s = liveSocket();
    let connectedBefore = s.connected;
    const onConnect = () => {
      if (connectedBefore) onReconnect?.(); // a missed message costs nothing: refetch
      connectedBefore = true;
    };
    s.on('order:updated', onUpdate);
    s.on('connect', onConnect);
    return () => {
      s.off('order:updated', onUpdate);
      s.off('connect', onConnect);
    };
  }, [onUpdate, onReconnect]);
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
