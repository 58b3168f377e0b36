/**
 * Feature flags read from public (NEXT_PUBLIC_*) environment variables. Framework-free: callers
 * pass the raw value so tests can exercise every case.
 */

/**
 * `NEXT_PUBLIC_COVER_BACKFILL_ENABLED`: the automatic cover triggers (after import, after adding a
 * book) and the "Fetch missing covers" menu item. On unless the value is exactly "false" (any case,
 * surrounding spaces ignored).
 */
export function isCoverBackfillEnabled(value: string | undefined): boolean {
  return value?.trim().toLowerCase() !== "false";
}

/** The flag as built into the web app. Next inlines NEXT_PUBLIC_* at build time. */
export function coverBackfillEnabled(): boolean {
  return isCoverBackfillEnabled(process.env.NEXT_PUBLIC_COVER_BACKFILL_ENABLED);
}
