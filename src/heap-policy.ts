/**
 * How V8 sizes the heaps of the run's threads: set once, before any module allocates (cli.ts imports this first).
 *
 * Growth of the old generation, every thread: how far V8 lets a heap grow past its live size before the next major
 * collection. The flag is process-wide and read at each collection, so worker threads created later follow it.
 * Why: left to itself V8 grows a busy heap up to 4× its live size. In the run's tail the main thread (clustering,
 * table writing) and the reuse thread (its end phase) then each carry a few hundred MB of garbage at the same
 * moment, and the peak RSS at 20,000 reports swung between 0.90 and 1.08 GB from run to run. A growth of 25 %
 * (third session) held the peak at ≈ 0.7 GB; once the corpus steps kept less on their heaps (seventh session), 50 %
 * peaks as low (701–724 MiB against 709–731 MiB at 25 %, three pairs of 20,000-report runs in turn) and saves
 * 3–13 % of user CPU, presumably through fewer major collections marking the long-lived stores (docs/bench.md,
 * "Where it stands").
 *
 * Young generation, threads started after this module (the analysis workers and the reuse thread; not the main
 * thread, whose heap already exists): each semi-space starts and stays at YOUNG_SEMI_SPACE_MB. V8 reads the
 * semi-space flags once, when a thread's heap is created. Why: V8 starts a new space at 1 MB and doubles it only
 * when much of it survives; a worker's garbage (a report's Doc) dies young, so its new space stayed small for most
 * of a run and it scavenged every few reports, each scavenge copying the reports still in flight. Over 600 reports
 * the two workers went from 18–21 scavenges each to 4, the reuse thread from 29 to 1; on one thread over
 * corpus-real, GC instructions fell 0.79 → 0.45 G and all instructions 11.26 → 10.75 G (gc12's note, session 12).
 * The cost: up to 2 × 32 MB of semi-space per thread instead of 2 × 16 MB at most, touched once (more page faults
 * at start-up).
 *
 * This sets sizes and a growth policy; it does not trigger collections.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** Size of each of a thread's two semi-spaces (V8's default: from 1 MB, growing to at most 16 MB). */
export const YOUNG_SEMI_SPACE_MB = 32;

v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
v8.setFlagsFromString(`--max-semi-space-size=${YOUNG_SEMI_SPACE_MB}`);
v8.setFlagsFromString(`--min-semi-space-size=${YOUNG_SEMI_SPACE_MB}`);
