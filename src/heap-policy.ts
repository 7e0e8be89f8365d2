/**
 * How far V8 lets a heap grow past its live size before the next major collection, for every thread of the
 * process (the flag is process-wide and read at each collection, so worker threads created later follow it).
 *
 * Why: left to itself V8 grows a busy heap up to 4× its live size. In the run's tail the main thread (clustering,
 * table writing) and the reuse thread (its end phase) then each carry a few hundred MB of garbage at the same
 * moment, and the peak RSS at 20,000 reports swung between 0.90 and 1.08 GB from run to run. A growth of 25 %
 * (third session) held the peak at ≈ 0.7 GB; once the corpus steps kept less on their heaps (seventh session), 50 %
 * peaks as low (701–724 MiB against 709–731 MiB at 25 %, three pairs of 20,000-report runs in turn) and saves
 * 3–13 % of user CPU, presumably through fewer major collections marking the long-lived stores (docs/bench.md,
 * "Where it stands").
 * This sets a growth policy; it does not trigger collections.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
