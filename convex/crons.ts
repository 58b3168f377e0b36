/**
 * Scheduled maintenance (plain Convex crons, no component):
 * - every minute, re-arm import cover backfills whose next step is long overdue (a step that died
 *   or a schedule that was lost), so a run never parks as "running" with nothing scheduled;
 * - every ten minutes, delete cover uploads that were never attached and are over an hour old.
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("re-arm stalled cover backfills", { minutes: 1 }, internal.coverBackfill.rearmStalledDrains, {});
crons.interval("sweep unattached cover uploads", { minutes: 10 }, internal.books.sweepUnattachedUploads, {});

export default crons;
