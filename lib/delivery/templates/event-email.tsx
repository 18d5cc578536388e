// The email for an event: its kind, title, description, subjects and a link back to Tocsin.
// Every piece of user text is a React text node, so React escapes it; nothing here sets raw HTML.
import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, emailStyles } from './email-layout';
import { eventLabel, SEVERITY_COLOURS, subjectLines } from '../event-text';
import { ScanChangesSection } from './scan-changes-section';
import type { DeliveryEvent } from '../types';

export interface EventEmailProps {
  event: DeliveryEvent;
  /** Checked http(s) link to the event's page, or null. */
  link: string | null;
  appUrl: string;
}

const styles = {
  ...emailStyles,
  description: { color: '#27272a', fontSize: 14, lineHeight: '22px' },
  subject: { color: '#3f3f46', fontSize: 13, margin: '2px 0' },
  button: { backgroundColor: '#18181b', borderRadius: 6, color: '#ffffff', fontSize: 14, padding: '10px 16px' },
};

export function EventEmail({ event, link, appUrl }: EventEmailProps) {
  const label = eventLabel(event.type);
  return (
    <EmailLayout preview={`${label}: ${event.title}`} label={label} appUrl={appUrl} sentBecause="because of your notification settings.">
      {event.severity && SEVERITY_COLOURS[event.severity] ? (
        <Text style={{ margin: 0, fontWeight: 700, color: SEVERITY_COLOURS[event.severity]!.hex }}>Severity: {event.severity}</Text>
      ) : null}
      <Heading as="h1" style={styles.title}>
        {event.title}
      </Heading>
      {event.scan ? <ScanChangesSection scan={event.scan} /> : null}
      {!event.scan && event.description ? <Text style={styles.description}>{withLineBreaks(event.description)}</Text> : null}
      {subjectLines(event).length > 0 ? (
        <Section>
          {subjectLines(event).map((line) => (
            <Text key={line.label} style={styles.subject}>
              <strong>{line.label}:</strong> {line.value}
            </Text>
          ))}
        </Section>
      ) : null}
      {link ? (
        <Section style={{ marginTop: 24 }}>
          <Button href={link} style={styles.button}>
            Open in Tocsin
          </Button>
        </Section>
      ) : null}
    </EmailLayout>
  );
}

/** The user's line breaks, kept as `<br>`. */
function withLineBreaks(text: string) {
  return text.split(/\r?\n/).flatMap((line, i) => (i === 0 ? [line] : [<br key={i} />, line]));
}
