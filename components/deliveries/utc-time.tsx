/** An ISO timestamp as "2026-11-25 17:02:01 UTC" (the log is compared across workers and servers). */
export function UtcTime({ iso }: { iso: string | null }) {
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{iso.slice(0, 19).replace('T', ' ')} UTC</time>;
}
