// The email's part for a scan import: counts by severity, then the first new, reactivated and
// closed findings, each a link. Text nodes only: React escapes them.
import { Link, Section, Text } from '@react-email/components';
import { safeHttpUrl } from '../escape';
import { scanCountsLine, scanLists, type ScanMessage } from '../scan-changes';

const styles = {
  counts: { color: '#27272a', fontSize: 14, lineHeight: '22px', margin: '0 0 12px' },
  label: { color: '#18181b', fontSize: 14, fontWeight: 'bold' as const, margin: '12px 0 4px' },
  item: { color: '#27272a', fontSize: 13, margin: '2px 0' },
};

export function ScanChangesSection({ scan }: { scan: ScanMessage }) {
  return (
    <Section>
      <Text style={styles.counts}>{scanCountsLine(scan)}</Text>
      {scanLists(scan).map((list) => (
        <Section key={list.outcome}>
          <Text style={styles.label}>{list.label}</Text>
          {list.findings.map((f) => {
            const link = safeHttpUrl(f.url);
            return (
              <Text key={f.url} style={styles.item}>
                • {link ? <Link href={link}>{f.line}</Link> : f.line}
              </Text>
            );
          })}
          {list.more > 0 ? <Text style={styles.item}>• and {list.more} more</Text> : null}
        </Section>
      ))}
    </Section>
  );
}
