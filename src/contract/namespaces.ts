// The "Namespaces" lesson: two lab-scoped namespaces, /lab-news and /lab-chat, each with its own middleware,
// handlers and rooms, usually multiplexed over one Engine.IO connection.
import type { Ack } from './common.ts';

export const LAB_NAMESPACES = ['/lab-news', '/lab-chat'] as const;
export type LabNamespace = (typeof LAB_NAMESPACES)[number];

/** The CONNECT packet's auth data: which lab this namespace socket belongs to. Checked by the namespace middleware. */
export interface NamespaceAuth {
  labId: string;
  name: string;
}

export interface NewsPublishPayload {
  headline: string;
}

export interface ChatSayPayload {
  text: string;
}

export interface NamespaceReceipt {
  /** The namespace that handled it: proof the event went to that namespace's handler. */
  nsp: LabNamespace;
  /** Sockets in this lab's room of that namespace, which the server is sending it to. */
  recipients: number;
}

export interface NamespaceClientEvents {
  /** Only /lab-news has a handler for this. */
  'news:publish': (payload: NewsPublishPayload, ack: Ack<NamespaceReceipt>) => void;
  /** Only /lab-chat has a handler for this. */
  'chat:say': (payload: ChatSayPayload, ack: Ack<NamespaceReceipt>) => void;
}

export interface NamespaceServerEvents {
  'news:headline': (news: { headline: string; from: string }) => void;
  'chat:line': (line: { text: string; from: string }) => void;
}
