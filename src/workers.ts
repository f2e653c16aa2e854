import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { SourceFile } from "./model/source.js";

/**
 * Reads, parses and extracts files in worker threads while the scan's own thread does the rest (Terraform, whose
 * parse trees its evaluation needs). The scan stays synchronous: the thread sleeps on a shared counter that each
 * worker bumps when it posts its results, and takes them with `receiveMessageOnPort`. Results come back as JSON
 * text (cheaper to pass and to read than a structured clone of the facts) and are keyed by path, so the merge does
 * not depend on which worker finishes first.
 */
export interface WorkerPool {
  /** The analyses of the files, by path, in the form `analyse` returns (as JSON). */
  collect(): Map<string, unknown>;
}

const GIVE_UP_MS = 120_000;

/** How many threads, running which script (the bundle's dist/worker.js). */
export interface WorkerOptions {
  count: number;
  script: URL;
}

/** What a worker is sent: files to analyse, and the counter to bump when done. */
export interface WorkerJob {
  files: SourceFile[];
  signal: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * Starts `count` workers (the script is dist/worker.js: workers run the bundle) on `files`, balanced by size. Each
 * worker gets one batch; with fewer files than workers, fewer start.
 */
export function startWorkers(script: URL, count: number, files: SourceFile[]): WorkerPool {
  const batches: { files: SourceFile[]; bytes: number }[] = Array.from({ length: Math.min(count, files.length) }, () => ({ files: [], bytes: 0 }));
  // Largest first, each to the lightest batch: the batches end at about the same time.
  for (const file of [...files].sort((a, b) => b.text.length - a.text.length || (a.path < b.path ? -1 : 1))) {
    const lightest = batches.reduce((min, b) => (b.bytes < min.bytes ? b : min));
    lightest.files.push(file);
    lightest.bytes += file.text.length;
  }
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const running = batches.map((batch) => {
    const { port1, port2 } = new MessageChannel();
    const job: WorkerJob = { files: batch.files, signal, port: port2 };
    const worker = new Worker(script, { workerData: job, transferList: [port2] });
    // A worker that fails posts nothing: its exit is noticed below and its files are analysed here.
    worker.on("error", () => {});
    return { worker, port: port1, files: batch.files };
  });
  return {
    collect() {
      const results = new Map<string, unknown>();
      for (const run of running) {
        let message: { message: unknown } | undefined;
        // Sleeps until a worker posts (any worker bumps the counter), then looks again. A worker that died without
        // posting (out of memory) leaves its files to this thread once no worker has posted for a long while.
        for (let idle = 0; idle < GIVE_UP_MS; ) {
          const seen = Atomics.load(counter, 0);
          message = receiveMessageOnPort(run.port);
          if (message) break;
          if (Atomics.wait(counter, 0, seen, 1000) === "timed-out") idle += 1000;
          else idle = 0;
        }
        if (message) {
          const analyses = JSON.parse(message.message as string) as unknown[];
          run.files.forEach((file, i) => results.set(file.path, analyses[i]));
        }
        run.port.close();
        void run.worker.terminate();
      }
      return results;
    },
  };
}
