"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/Button";

interface UnsavedChangesApi {
  /** Marks a section (by its name, as the reader sees it) as holding an edit that is not saved. */
  setUnsaved: (section: string, unsaved: boolean) => void;
}

const UnsavedChangesContext = createContext<UnsavedChangesApi | null>(null);

/** “Your review”, “Your review” and “Reads”, “Your review”, “Reads” and “Private notes”. */
function sectionList(sections: readonly string[]): string {
  const quoted = sections.map((s) => `“${s}”`);
  if (quoted.length <= 1) return quoted[0] ?? "";
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** The in-app address a click on `target` would open, when it is a plain same-origin link to another page. */
function internalLinkTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return null;
  }
  const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute("download")) return null;
  if (anchor.target !== "" && anchor.target !== "_self") return null;
  const url = new URL(anchor.href, window.location.href);
  // Another site is a full page load: the browser's own "leave site?" prompt (beforeunload) covers it.
  if (url.origin !== window.location.origin) return null;
  // A link within this page (the skip link's #main) leaves nothing.
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Keeps a page's unsaved edits from being lost silently. While any section has one: following a link
 * inside the app first asks "Leave without saving?" (Keep editing, the default, or Leave), and
 * reloading or closing the tab gets the browser's own prompt (beforeunload).
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [unsaved, setUnsavedSections] = useState<readonly string[]>([]);
  const [leavingTo, setLeavingTo] = useState<string | null>(null);
  /** The reader chose to leave: the guard stands aside while the router takes them there. */
  const [leaving, setLeaving] = useState(false);

  const setUnsaved = useCallback((section: string, isUnsaved: boolean) => {
    setUnsavedSections((current) => {
      const has = current.includes(section);
      if (has === isUnsaved) return current;
      return isUnsaved ? [...current, section] : current.filter((s) => s !== section);
    });
  }, []);
  const api = useMemo(() => ({ setUnsaved }), [setUnsaved]);
  const guarding = unsaved.length > 0 && !leaving;

  useEffect(() => {
    if (!guarding) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    // Capture phase on the document: runs before the app router's link handler, which then never sees the click.
    const onClick = (event: MouseEvent) => {
      const target = internalLinkTarget(event);
      if (target === null) return;
      event.preventDefault();
      event.stopPropagation();
      setLeavingTo(target);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [guarding]);

  return (
    <UnsavedChangesContext.Provider value={api}>
      {children}
      <Dialog.Root open={leavingTo !== null} onOpenChange={(open) => (open ? undefined : setLeavingTo(null))}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 data-[state=open]:animate-fade-in" />
          <Dialog.Content
            role="alertdialog"
            className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl border border-line bg-paper-raised p-6 text-ink shadow-lifted data-[state=open]:animate-fade-in"
          >
            <Dialog.Title className="font-serif text-xl">Leave without saving?</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-ink-muted">
              You have not saved your changes in {sectionList(unsaved)}. If you leave this page now, they are lost.
            </Dialog.Description>
            <div className="mt-6 flex flex-wrap justify-end gap-3">
              <Dialog.Close asChild>
                <Button variant="primary">Keep editing</Button>
              </Dialog.Close>
              <Button
                variant="secondary"
                onClick={() => {
                  const target = leavingTo;
                  setLeavingTo(null);
                  setLeaving(true);
                  if (target !== null) router.push(target);
                }}
              >
                Leave without saving
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </UnsavedChangesContext.Provider>
  );
}

/** Reports whether `section` holds an unsaved edit to the page's guard (a no-op outside one). */
export function useUnsavedSection(section: string, isUnsaved: boolean): void {
  const api = useContext(UnsavedChangesContext);
  useEffect(() => {
    api?.setUnsaved(section, isUnsaved);
  }, [api, section, isUnsaved]);
  useEffect(() => () => api?.setUnsaved(section, false), [api, section]);
}
