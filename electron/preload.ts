/**
 * The sandboxed preload: puts one narrow object on the page, `window.lifeline`, with
 * `invoke(name, input)` and `on(event, listener)`. The page never gets `ipcRenderer`, an
 * IPC event object or any other channel; main checks every call's name and sender.
 * Bundled to CommonJS (sandboxed preloads can only require 'electron').
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type PreloadBridge } from '../shared/api/transport';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all subscriptions; only the event's payload reaches the page.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  const subscribed = listeners.get(name);
  if (!subscribed) return;
  for (const listener of [...subscribed]) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`[lifeline] a listener for ${name} failed:`, err);
    }
  }
});

const bridge: PreloadBridge = {
  invoke(name: string, input: unknown): Promise<unknown> {
    if (typeof name !== 'string')
      return Promise.reject(new TypeError('lifeline.invoke: name must be a string'));
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input);
  },
  on(event: string, listener: Listener): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('lifeline.on: expected an event name and a listener function');
    }
    let subscribed = listeners.get(event);
    if (!subscribed) {
      subscribed = new Set();
      listeners.set(event, subscribed);
    }
    subscribed.add(listener);
    return () => {
      const current = listeners.get(event);
      current?.delete(listener);
      if (current?.size === 0) listeners.delete(event);
    };
  },
};

contextBridge.exposeInMainWorld('lifeline', bridge);
