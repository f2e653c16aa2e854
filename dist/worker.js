import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  analyseFile
} from "./chunks/chunk-27Z4YRLD.js";
import "./chunks/chunk-HU7SY652.js";

// src/worker.ts
import { workerData } from "node:worker_threads";
var job = workerData;
var analyses = job.files.map((file) => {
  const { status, facts, diagnostics, ignores } = analyseFile(file);
  return { status, facts, diagnostics, ignores };
});
job.port.postMessage(JSON.stringify(analyses));
var counter = new Int32Array(job.signal);
Atomics.add(counter, 0, 1);
Atomics.notify(counter, 0);
