// The sample reports under tests/fixtures/scans (written by hand after each tool's documented output).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const fixture = (name: string): Buffer => readFileSync(path.resolve(import.meta.dirname, '../../fixtures/scans', name));
