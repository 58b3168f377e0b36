"use client";

import { setNonce } from "get-nonce";

/**
 * Hands this page's CSP nonce to `get-nonce`, from which the dialogs' scroll lock
 * (react-remove-scroll, through react-style-singleton) takes it for the <style> element it adds
 * while a dialog is open; without it the page's policy would refuse that style. Renders nothing.
 */
export function StyleNonce({ nonce }: { nonce: string | null }) {
  if (nonce) setNonce(nonce);
  return null;
}
