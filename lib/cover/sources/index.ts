/**
 * What the rest of Folio knows about cover sources, all derived from `COVER_SOURCES` (registry.ts).
 */
import { isOfflineCoverUrl } from "../webUrl";
import { COVER_SOURCES } from "./registry";
import type { CoverSourceAdapter, LookupStage } from "./types";

export { COVER_SOURCES } from "./registry";
export type * from "./types";

/** The id of a registered source ("open-library" | "google-books"). */
export type CoverSourceId = (typeof COVER_SOURCES)[number]["id"];

/** Every registered source id, in registry order (for validators). */
export function coverSourceIds(): [CoverSourceId, ...CoverSourceId[]] {
  return COVER_SOURCES.map((s) => s.id) as [CoverSourceId, ...CoverSourceId[]];
}

const sources = (): readonly CoverSourceAdapter[] => COVER_SOURCES;

/** The adapter of a source id, or undefined. */
export function coverSourceById(id: string): CoverSourceAdapter | undefined {
  return sources().find((s) => s.id === id);
}

/** How the UI names a source. */
export function coverSourceLabel(id: string): string {
  return coverSourceById(id)?.label ?? id;
}

/** The sources' labels joined for a sentence: "Open Library or Google Books". */
export function coverSourceNames(joiner = "or"): string {
  const labels = sources().map((s) => s.label);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} ${joiner} ${labels.at(-1)}`;
}

/** A source this deployment asks, with its key when it needs one. */
export interface EnabledSource {
  adapter: CoverSourceAdapter;
  apiKey?: string;
}

/** The sources this deployment asks, in order: those without `keyEnv`, and those whose key is set. */
export function enabledCoverSources(env: Record<string, string | undefined> = process.env): EnabledSource[] {
  return sources().flatMap((adapter) => {
    if (!adapter.keyEnv) return [{ adapter }];
    const apiKey = env[adapter.keyEnv]?.trim();
    return apiKey ? [{ adapter, apiKey }] : [];
  });
}

/** Every lookup stage of the given sources, in order, with its source. */
export function lookupStages(enabled: readonly EnabledSource[]): { stage: LookupStage; source: EnabledSource }[] {
  return enabled.flatMap((source) => source.adapter.stages.map((stage) => ({ stage, source })));
}

/** The source a stage id belongs to. */
export function sourceOfStage(stageId: string): CoverSourceAdapter | undefined {
  return sources().find((s) => s.stages.some((stage) => stage.id === stageId));
}

/** Whether `hostname` serves some source's covers (exact hosts, or a source's host pattern). */
export function isCoverHost(hostname: string): boolean {
  return sources().some((s) => s.coverHosts.includes(hostname) || (s.coverHostPattern?.test(hostname) ?? false));
}

/** Every exact cover host of every source. */
export function coverHosts(): string[] {
  return sources().flatMap((s) => [...s.coverHosts]);
}

/** The source a cover URL belongs to and its source key, or null. */
export function coverSourceOf(url: URL): { source: CoverSourceAdapter; key: string } | null {
  if (!isCoverHost(url.hostname) && !isOfflineCoverUrl(url)) return null;
  for (const source of sources()) {
    const key = source.coverKey(url);
    if (key !== null) return { source, key };
  }
  return null;
}
