import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { Buffer as NodeBuffer } from "node:buffer";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// findBy…/waitFor wait for a state, never for a time: their deadline (1 s by default, which a busy
// machine misses) is one only a real hang reaches, so they fail with their own message before
// the test's timeout (vitest.config.ts). No test passes a shorter one.
configure({ asyncUtilTimeout: 120_000 });

// jsdom lacks a few browser APIs that Radix primitives (Popper, Dialog, Toast) call.
if (typeof window !== "undefined") {
  if (!("ResizeObserver" in window)) {
    class ResizeObserverStub {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    Object.defineProperty(window, "ResizeObserver", { value: ResizeObserverStub, writable: true });
    Object.defineProperty(globalThis, "ResizeObserver", { value: ResizeObserverStub, writable: true });
  }
  // jsdom has no layout and no scrolling: window.scrollTo (the wall's virtualizer calls it) moves
  // window.scrollX/scrollY and fires "scroll", as a browser would.
  window.scrollTo = ((xOrOptions?: number | ScrollToOptions, y?: number) => {
    const options = typeof xOrOptions === "object" ? xOrOptions : { left: xOrOptions, top: y };
    Object.defineProperty(window, "scrollX", { value: options.left ?? window.scrollX, configurable: true });
    Object.defineProperty(window, "scrollY", { value: options.top ?? window.scrollY, configurable: true });
    window.dispatchEvent(new Event("scroll"));
  }) as typeof window.scrollTo;
  const proto = window.HTMLElement.prototype as unknown as Record<string, unknown>;
  proto.scrollIntoView ??= function scrollIntoView() {};
  proto.hasPointerCapture ??= function hasPointerCapture() {
    return false;
  };
  proto.setPointerCapture ??= function setPointerCapture() {};
  proto.releasePointerCapture ??= function releasePointerCapture() {};
}

// convex-test's `storage.store` hashes `blob.arrayBuffer()` with Node's crypto, which refuses an
// ArrayBuffer from jsdom's realm: the stored-cover fetcher stores copies in these tests' backends
// too, so a Blob's bytes are handed out as a Node ArrayBuffer (same bytes).
if (typeof Blob !== "undefined") {
  const jsdomArrayBuffer = Blob.prototype.arrayBuffer;
  const viaReader = (blob: Blob) =>
    new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error ?? new Error("The blob could not be read."));
      reader.readAsArrayBuffer(blob);
    });
  Blob.prototype.arrayBuffer = async function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    const jsdomBytes = new Uint8Array(
      typeof jsdomArrayBuffer === "function" ? await jsdomArrayBuffer.call(this) : await viaReader(this),
    );
    // Buffer.alloc's memory is Node's own ArrayBuffer (Buffer.from would only wrap jsdom's).
    const bytes = NodeBuffer.alloc(jsdomBytes.byteLength);
    bytes.set(jsdomBytes);
    return bytes.buffer as ArrayBuffer;
  };
}
