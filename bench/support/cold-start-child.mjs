/**
 * One cold start, in a fresh `node --expose-gc` process: imports the bundle
 * named on the command line, calls its `ready()` (which builds a Sheets client
 * where the case has one) and prints the time (wall and CPU) and the memory it took as JSON.
 * Plain JavaScript so that no loader sits between Node and the code measured.
 */
import { pathToFileURL } from "node:url";

const entry = process.argv[2];
if (!entry) throw new Error("usage: node --expose-gc cold-start-child.mjs ENTRY.mjs");
const gc = globalThis.gc;
if (typeof gc !== "function") throw new Error("run with --expose-gc");

gc();
const before = process.memoryUsage();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const mod = await import(pathToFileURL(entry).href);
if (typeof mod.ready === "function") await mod.ready();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
gc();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20, rssMB: (after.rss - before.rss) / 2 ** 20 })}\n`,
);
