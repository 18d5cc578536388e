// For browser tests: every Content-Security-Policy violation a page reports, from the DOM event
// (securitypolicyviolation) and from Chromium's console ("Refused to …"). Frames whose URL matches
// `ignoreFrames` are left out (the outbox's sandboxed email, where refusing scripts is the point).
import type { BrowserContext, ConsoleMessage } from 'playwright-core';

export interface CspWatch {
  violations: string[];
}

const REPORT = '__tocsinCspViolation';

export async function watchCsp(context: BrowserContext, ignoreFrames?: RegExp): Promise<CspWatch> {
  const watch: CspWatch = { violations: [] };
  const ignored = (url: string) => Boolean(ignoreFrames && ignoreFrames.test(url));
  await context.exposeBinding(REPORT, ({ frame }, text: string) => {
    if (!ignored(frame.url())) watch.violations.push(`${frame.url()}: ${text}`);
  });
  await context.addInitScript((report: string) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const send = (window as unknown as Record<string, (text: string) => void>)[report];
      send?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  }, REPORT);
  const onConsole = (message: ConsoleMessage) => {
    const text = message.text();
    if (/Refused to|Content Security Policy/i.test(text) && !ignored(message.location().url)) {
      watch.violations.push(`${message.location().url}: ${text}`);
    }
  };
  context.on('console', onConsole);
  return watch;
}
