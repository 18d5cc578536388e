'use client';
// The tab title carries the unread count, "(3) Dashboard · Tocsin", and keeps it when Next sets
// the next page's title on navigation.

import { useEffect } from 'react';

const PREFIX = /^\(\d+\) /;

export function titleWithCount(title: string, count: number): string {
  const base = title.replace(PREFIX, '');
  return count > 0 ? `(${count}) ${base}` : base;
}

export function useUnreadTitle(count: number | undefined): void {
  useEffect(() => {
    if (count === undefined) return;
    const apply = () => {
      const wanted = titleWithCount(document.title, count);
      if (document.title !== wanted) document.title = wanted; // the observer sees this too, and stops here
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = titleWithCount(document.title, 0); // the next count (or none, once signed out) sets its own
    };
  }, [count]);
}
