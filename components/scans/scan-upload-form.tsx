'use client';
// "Import scan results" / "Re-import": the report picked or dropped, posted as multipart/form-data
// to the same API a pipeline uses (the session authenticates it), with the upload's progress; the
// answer's statistics and links, or the API's errors next to their fields.
import Link from 'next/link';
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { BUTTON, CONTROL, LINK } from '@/components/ui/styles';
import { ScanResult, type ScanAnswer } from './scan-result';

export interface ScanUploadFormProps {
  mode: 'import' | 'reimport';
  /** import: the engagement; reimport: the test. */
  targetId: number;
  scanTypes: readonly string[];
  defaultScanType?: string;
}

type Errors = Record<string, string[]>;
type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'importing' } | { kind: 'done'; answer: ScanAnswer };

const DROP_ZONE = { over: 'border-indigo-500 bg-indigo-50', idle: 'border-slate-300' };
const SEVERITIES = ['Info', 'Low', 'Medium', 'High', 'Critical'];

export function ScanUploadForm({ mode, targetId, scanTypes, defaultScanType }: ScanUploadFormProps) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const busy = phase.kind === 'uploading' || phase.kind === 'importing';

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.delete('file');
    if (file) data.set('file', file, file.name);
    data.set(mode === 'import' ? 'engagement' : 'test', String(targetId));
    data.set('close_old_findings', data.get('close_old_findings') ? 'true' : 'false');
    if (!data.get('test_title')) data.delete('test_title');
    setErrors({});
    setPhase({ kind: 'uploading', percent: 0 });
    const request = new XMLHttpRequest();
    request.open('POST', mode === 'import' ? '/api/v2/import-scan/' : '/api/v2/reimport-scan/');
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ kind: 'uploading', percent: Math.round((e.loaded / e.total) * 100) });
    };
    request.upload.onload = () => setPhase({ kind: 'importing' });
    request.onerror = () => {
      setErrors({ non_field_errors: ['The upload failed: check the connection and try again.'] });
      setPhase({ kind: 'idle' });
    };
    request.onload = () => {
      let body: { errors?: Errors; detail?: string } & Partial<ScanAnswer> = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON
      }
      if (request.status === 201) {
        setPhase({ kind: 'done', answer: body as ScanAnswer });
        return;
      }
      setErrors(body.errors ?? { non_field_errors: [body.detail ?? `The import failed (HTTP ${request.status}).`] });
      setPhase({ kind: 'idle' });
    };
    request.send(data);
  }

  const fieldError = (name: string) =>
    errors[name]?.length ? (
      <p id={`${id}-${name}-error`} data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
        {errors[name]!.join(' ')}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name]?.length ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {});
  const general = [
    ...(errors.non_field_errors ?? []),
    ...Object.entries(errors)
      .filter(([k]) => !['non_field_errors', 'file', 'scan_type', 'test_title', 'minimum_severity'].includes(k))
      .flatMap(([, v]) => v),
  ];

  return (
    <div className="max-w-2xl space-y-6">
      <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" noValidate>
        {general.length > 0 && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {general.join(' ')}
          </p>
        )}
        <div>
          <label htmlFor={`${id}-type`} className="block text-sm font-medium text-slate-700">
            Scan type
          </label>
          <select
            id={`${id}-type`}
            name="scan_type"
            defaultValue={defaultScanType ?? scanTypes[0]}
            className={`mt-1 ${CONTROL}`}
            {...invalid('scan_type')}
          >
            {scanTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          {fieldError('scan_type')}
        </div>
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-700">
            Report file
          </label>
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="drop-zone"
            className={`mt-1 rounded-md border-2 border-dashed p-4 text-sm ${DROP_ZONE[dragging ? 'over' : 'idle']}`}
          >
            <input
              ref={fileInput}
              id={`${id}-file`}
              name="file"
              type="file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="block w-full text-sm"
              {...invalid('file')}
            />
            <p className="mt-2 text-xs text-slate-600">
              {file ? `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)` : 'Pick the file, or drop it here.'}
            </p>
          </div>
          {fieldError('file')}
        </div>
        {mode === 'import' && (
          <div>
            <label htmlFor={`${id}-title`} className="block text-sm font-medium text-slate-700">
              Test title
            </label>
            <input
              id={`${id}-title`}
              name="test_title"
              type="text"
              placeholder="The scan type"
              className={`mt-1 ${CONTROL}`}
              {...invalid('test_title')}
            />
            {fieldError('test_title')}
          </div>
        )}
        <div>
          <label htmlFor={`${id}-min`} className="block text-sm font-medium text-slate-700">
            Minimum severity
          </label>
          <select
            id={`${id}-min`}
            name="minimum_severity"
            defaultValue="Info"
            className={`mt-1 ${CONTROL}`}
            {...invalid('minimum_severity')}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-slate-600">Findings below it are left out.</p>
          {fieldError('minimum_severity')}
        </div>
        <div className="flex items-center gap-2">
          <input
            id={`${id}-close`}
            name="close_old_findings"
            type="checkbox"
            defaultChecked={mode === 'reimport'}
            className="size-4 rounded border-slate-300 text-indigo-600"
          />
          <label htmlFor={`${id}-close`} className="text-sm text-slate-700">
            Close old findings {mode === 'import' ? '(of earlier tests of this scan type in the engagement)' : 'the report no longer has'}
          </label>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={BUTTON.primary} disabled={busy}>
            {mode === 'import' ? 'Import' : 'Re-import'}
          </button>
          {phase.kind === 'uploading' && (
            <span className="flex items-center gap-2 text-sm text-slate-700">
              <progress max={100} value={phase.percent} aria-label="Upload progress" className="w-32" /> Uploading {phase.percent} %
            </span>
          )}
          {phase.kind === 'importing' && (
            <span role="status" className="text-sm text-slate-700">
              Importing the findings…
            </span>
          )}
        </div>
      </form>
      {phase.kind === 'done' && <ScanResult answer={phase.answer} />}
      {phase.kind === 'done' && (
        <p className="text-sm">
          <Link href={`/tests/${phase.answer.test}`} className={LINK}>
            Open the test
          </Link>
        </p>
      )}
    </div>
  );
}
