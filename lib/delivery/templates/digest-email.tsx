// The digest email: a user's events of one window, grouped by product and type, with counts and the
// newest titles of each. User text is React text nodes only, escaped by React.
import { Heading, Link, Section, Text } from '@react-email/components';
import { EmailLayout, emailStyles } from './email-layout';
import type { DigestContent } from '../digest-contents';
import { digestHeading, digestSummary } from '../digest-text';
import { safeHttpUrl } from '../escape';
import { eventLabel } from '../event-text';

export interface DigestEmailProps {
  digest: DigestContent;
  appUrl: string;
}

const styles = {
  ...emailStyles,
  product: { color: '#18181b', fontSize: 16, margin: '16px 0 4px' },
  type: { color: '#3f3f46', fontSize: 14, fontWeight: 'bold' as const, margin: '8px 0 2px' },
  entry: { color: '#27272a', fontSize: 13, margin: '2px 0 2px 12px' },
  more: { color: '#71717a', fontSize: 12, margin: '2px 0 2px 12px' },
};

export function DigestEmail({ digest, appUrl }: DigestEmailProps) {
  const heading = digestHeading(digest.window);
  const summary = digestSummary(digest);
  return (
    <EmailLayout
      preview={`${heading}: ${summary}`}
      label={heading}
      appUrl={appUrl}
      sentBecause="because you chose a digest on your profile."
    >
      <Heading as="h1" style={styles.title}>
        {summary}
      </Heading>
      {digest.products.map((product) => (
        <Section key={product.product ?? ''}>
          <Heading as="h2" style={styles.product}>
            {`${product.product ?? 'Other'} (${product.count})`}
          </Heading>
          {product.types.map((type) => (
            <Section key={type.type}>
              <Text style={styles.type}>{`${eventLabel(type.type)} × ${type.count}`}</Text>
              {type.latest.map((entry, i) => {
                const link = safeHttpUrl(entry.url);
                return (
                  <Text key={i} style={styles.entry}>
                    {link ? <Link href={link}>{entry.title}</Link> : entry.title}
                  </Text>
                );
              })}
              {type.count > type.latest.length ? <Text style={styles.more}>{`and ${type.count - type.latest.length} more`}</Text> : null}
            </Section>
          ))}
        </Section>
      ))}
    </EmailLayout>
  );
}
