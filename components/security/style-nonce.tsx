'use client';
// Radix's scroll lock (react-remove-scroll → react-style-singleton) adds a <style> element at run
// time and takes its nonce from the global __webpack_nonce__: give it this page's CSP nonce.

export function StyleNonce({ nonce }: { nonce: string | null }) {
  if (nonce && typeof window !== 'undefined') (window as unknown as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
  return null;
}
