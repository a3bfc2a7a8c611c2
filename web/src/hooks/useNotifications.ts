import { useCallback, useEffect, useRef, useState } from "react";
import {
  clearNotifications,
  getUnreadCount,
  listNotifications,
  markNotificationsViewed,
  NOTIFICATION_STREAM,
} from "../services/api";
import { openEventStream } from "../services/sse";
import type { NotificationFrame, StreamState } from "../services/sse";
import type { Schemas } from "../services/api";
import { errorMessage } from "../services/errors";

/** An inbox row: as listed, or as pushed live (which has no `unread` until marked). */
export type InboxItem = Schemas["NotificationItem"] | (NotificationFrame & { unread: boolean });

/**
 * A page-level listener for live notifications. It returns true when it has told the user
 * itself (e.g. the dashboard's "camera back online" toast), so the bell only adds the
 * event to the inbox instead of toasting it a second time.
 */
export type NotificationListener = (event: NotificationFrame) => boolean | void;

const listeners = new Set<NotificationListener>();

/** Hands `event` to every page listener; true when one of them announced it. */
export function dispatchNotification(event: NotificationFrame): boolean {
  let handled = false;
  for (const listener of listeners) handled = listener(event) === true || handled;
  return handled;
}

/**
 * Subscribes a page to the bell's live stream. No second connection is opened: each open
 * stream counts against the plan's `max_sse_subscribers`.
 */
export function useNotificationEvents(listener: NotificationListener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const forward: NotificationListener = (event) => ref.current(event);
    listeners.add(forward);
    return () => {
      listeners.delete(forward);
    };
  }, []);
}

/**
 * The bell's state: unread count (polled once, then pushed over SSE), the inbox list
 * (loaded when opened) and the live connection state.
 */
export function useNotifications({ onEvent }: { onEvent?: (event: NotificationFrame) => void } = {}) {
  const [unread, setUnread] = useState(0);
  const [capped, setCapped] = useState(false);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<StreamState>("connecting");
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  const refreshCount = useCallback(async () => {
    try {
      const res = await getUnreadCount();
      setUnread(res.unread ?? 0);
      setCapped(Boolean(res.capped));
    } catch {
      /* the badge simply stays as it was */
    }
  }, []);

  useEffect(() => {
    refreshCount();
    return openEventStream(NOTIFICATION_STREAM, {
      onEvent: (event) => {
        if (event.type !== "notification") return;
        setItems((list) => (list.some((n) => n.id === event.id) ? list : [{ ...event, unread: true }, ...list].slice(0, 100)));
        setUnread((n) => Math.min(n + 1, 100));
        if (!dispatchNotification(event)) onEventRef.current?.(event);
      },
      onStatus: ({ state, message }) => {
        setLive(state);
        if (state === "open") refreshCount();
        if (state === "error") setError(message ?? null);
      },
    });
  }, [refreshCount]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const res = await listNotifications({ limit: 50 });
      setItems(res.notifications ?? []);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  const markViewed = useCallback(async () => {
    try {
      await markNotificationsViewed();
      setUnread(0);
      setCapped(false);
    } catch {
      /* keep the badge; the next open tries again */
    }
  }, []);

  const clearAll = useCallback(async () => {
    await clearNotifications();
    setItems([]);
    setUnread(0);
  }, []);

  return { unread, capped, items, loading, error, live, load, markViewed, clearAll };
}
