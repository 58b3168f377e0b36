"use client";

import { useAction, useMutation } from "convex/react";
import { useId, useRef, useState, type ReactNode } from "react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/Button";
import { Sheet } from "@/components/ui/Sheet";
import { Spinner } from "@/components/ui/Spinner";
import { useToast } from "@/components/ui/Toast";
import { errorMessage } from "@/components/ui/errorMessage";
import { coverSourceLabel, type CoverSourceId } from "@/lib/cover/sources";
import { BookCover } from "./BookCover";
import { CoverUploadButton } from "./CoverUploadButton";

type Candidate = { url: string; source: CoverSourceId; key: string; label?: string };

type Candidates = { status: "loading" } | { status: "loaded"; candidates: Candidate[] } | { status: "error"; message: string };

/**
 * "Choose a cover": a sheet with the current cover beside a grid of candidates from the cover
 * sources (`books.coverCandidates`). The grid is a radio group (arrow keys move between covers);
 * "Use this cover" makes the chosen one the reader's own cover (`books.chooseCover`), which no
 * lookup ever replaces.
 */
export function CoverPicker({ book }: { book: Doc<"books"> }) {
  const loadCandidates = useAction(api.books.coverCandidates);
  const chooseCover = useMutation(api.books.chooseCover);
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [candidates, setCandidates] = useState<Candidates>({ status: "loading" });
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const groupName = useId();
  // Each opening's request has a number; only the latest opening's answer is shown.
  const latestRequest = useRef(0);

  async function handleOpenChange(next: boolean) {
    setOpen(next);
    const request = ++latestRequest.current;
    if (!next) return;
    setSelected(null);
    setProblem(null);
    setCandidates({ status: "loading" });
    let answer: Candidates;
    try {
      answer = { status: "loaded", candidates: await loadCandidates({ bookId: book._id }) };
    } catch (err) {
      answer = { status: "error", message: errorMessage(err) };
    }
    if (request === latestRequest.current) setCandidates(answer);
  }

  async function handleChoose() {
    if (!selected) return;
    setSaving(true);
    setProblem(null);
    try {
      await chooseCover({ bookId: book._id, url: selected });
      setOpen(false);
      toast({ title: "Cover chosen", description: "It is now your own cover for this book.", variant: "success" });
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet
      open={open}
      onOpenChange={(next) => void handleOpenChange(next)}
      trigger={
        <Button variant="secondary" size="sm">
          Choose a cover
        </Button>
      }
      title="Choose a cover"
      description="Pick the cover of your edition. It becomes your own cover: lookups never replace it."
      footer={
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button onClick={handleChoose} loading={saving} disabled={!selected || saving}>
            Use this cover
          </Button>
        </div>
      }
    >
      <div className="grid gap-6 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <figure className="space-y-2">
          <BookCover book={book} className="w-32 shadow-card ring-1 ring-black/5" />
          <figcaption className="text-xs text-ink-muted">Current cover</figcaption>
        </figure>
        <CandidateGrid
          candidates={candidates}
          name={groupName}
          title={book.title}
          selected={selected}
          currentKey={currentCoverKey(book)}
          onSelect={setSelected}
          upload={<CoverUploadButton bookId={book._id} replacing={Boolean(book.coverUrl)} onUploaded={() => setOpen(false)} />}
        />
      </div>
      {problem ? (
        <p role="alert" className="mt-4 text-sm font-medium text-danger">
          {problem}
        </p>
      ) : null}
    </Sheet>
  );
}

/** The source key of the cover the book shows: the reader's chosen one, else the found one (none for an upload). */
export function currentCoverKey(book: Pick<Doc<"books">, "coverUrl" | "chosenCoverKey" | "foundCoverKey">): string | undefined {
  return book.coverUrl ? book.chosenCoverKey : book.foundCoverKey;
}

function CandidateGrid({
  candidates,
  name,
  title,
  selected,
  currentKey,
  onSelect,
  upload,
}: {
  candidates: Candidates;
  name: string;
  title: string;
  selected: string | null;
  /** The source key of the cover the book shows now, marked among the candidates. */
  currentKey: string | undefined;
  onSelect: (url: string) => void;
  /** The upload control, offered right where no candidate was found. */
  upload: ReactNode;
}) {
  if (candidates.status === "loading") {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
        <Spinner /> Looking for covers…
      </p>
    );
  }
  if (candidates.status === "error") {
    return (
      <p role="alert" className="text-sm font-medium text-danger">
        {candidates.message}
      </p>
    );
  }
  if (candidates.candidates.length === 0) {
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm text-ink-muted">
          No other covers were found for this book. You can upload your own instead.
        </p>
        <div className="flex flex-wrap gap-2">{upload}</div>
      </div>
    );
  }
  return (
    <fieldset>
      <legend className="mb-3 text-sm font-medium">Covers found ({candidates.candidates.length})</legend>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(6rem,1fr))] gap-3">
        {candidates.candidates.map((c, i) => (
          <CandidateOption
            key={c.key}
            candidate={c}
            alt={`Cover ${i + 1} of ${title}`}
            name={name}
            checked={selected === c.url}
            current={c.key === currentKey}
            onSelect={onSelect}
          />
        ))}
      </div>
    </fieldset>
  );
}

/**
 * One candidate: its picture, where it comes from, its size in pixels once the picture has loaded
 * (what the browser measured), and "In use" on the cover the book shows now.
 */
function CandidateOption({
  candidate,
  alt,
  name,
  checked,
  current,
  onSelect,
}: {
  candidate: Candidate;
  alt: string;
  name: string;
  checked: boolean;
  current: boolean;
  onSelect: (url: string) => void;
}) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const label = candidate.label ?? coverSourceLabel(candidate.source);
  return (
    <label className="group relative cursor-pointer space-y-1 rounded-md p-1 ring-offset-2 has-[:checked]:ring-2 has-[:checked]:ring-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-focus">
      <input
        type="radio"
        name={name}
        value={candidate.url}
        checked={checked}
        onChange={() => onSelect(candidate.url)}
        className="sr-only"
      />
      {/* eslint-disable-next-line @next/next/no-img-element -- covers come from allowlisted hosts, unoptimised */}
      <img
        src={candidate.url}
        alt={alt}
        loading="lazy"
        onLoad={(e) => {
          const { naturalWidth: width, naturalHeight: height } = e.currentTarget;
          if (width > 0 && height > 0) setSize({ width, height });
        }}
        className="aspect-[2/3] w-full rounded bg-paper-sunken object-cover shadow-card"
      />
      {current ? (
        <span className="absolute top-2 left-2 rounded bg-ink px-1.5 py-0.5 text-[0.7rem] font-medium text-paper">In use</span>
      ) : null}
      <span className="block text-xs leading-snug text-ink-muted">{label}</span>
      <span className="block text-xs text-ink-muted tabular-nums">
        {size ? `${size.width} × ${size.height} px` : "Size when loaded"}
      </span>
    </label>
  );
}
