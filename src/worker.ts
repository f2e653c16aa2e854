/** A worker thread of the scan (see workers.ts): analyses the files it is given and posts the results as JSON. */
import { workerData } from "node:worker_threads";
import { analyseFile } from "./analyse.js";
import type { WorkerJob } from "./workers.js";

const job = workerData as WorkerJob;
const analyses = job.files.map((file) => {
  const { status, facts, diagnostics, ignores } = analyseFile(file);
  return { status, facts, diagnostics, ignores };
});
job.port.postMessage(JSON.stringify(analyses));
const counter = new Int32Array(job.signal);
Atomics.add(counter, 0, 1);
Atomics.notify(counter, 0);
