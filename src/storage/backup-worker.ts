/// <reference lib="webworker" />
import { BackupError } from './backup';
import { replyOf, runJob } from './backup-jobs';
import type { JobRequest } from './backup-jobs';

/**
 * The backup worker: backup, check and restore run here so the page keeps answering (and painting its
 * progress bar) whatever the number of cases. One job per worker; the page ends the worker when it is done.
 * Messages: in, { job } then optionally { cancel: true }; out, { progress } (many), then { result } or { error }.
 */
declare const self: DedicatedWorkerGlobalScope;

const abort = new AbortController();
// A worker's postMessage goes to the page that started it only: there is no target origin to give.
// oxlint-disable-next-line unicorn/require-post-message-target-origin
const post = (message: unknown) => self.postMessage(message);
let started = false;

self.addEventListener('message', (e: MessageEvent<{ job?: JobRequest; cancel?: true }>) => {
  if (e.data.cancel) return abort.abort();
  if (!e.data.job || started) return;
  started = true;
  runJob(e.data.job, { signal: abort.signal, onProgress: (progress) => post({ progress }) }).then(
    (result) => post({ result: replyOf(result) }),
    (err: unknown) => post({ error: err instanceof BackupError ? { problem: err.problem, message: err.message } : { problem: null, message: String((err as Error)?.message ?? err) } }),
  );
});
