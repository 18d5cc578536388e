// The frame every Tocsin email shares: the preview line, the card, the kind of message above its
// content, and the footer saying why it was sent. Text arrives as React text nodes, escaped by React.
import type { ReactNode } from 'react';
import { Body, Container, Head, Hr, Html, Link, Preview, Text } from '@react-email/components';

export const emailStyles = {
  body: { backgroundColor: '#f4f4f5', fontFamily: 'Helvetica, Arial, sans-serif', margin: 0, padding: '24px 0' },
  container: { backgroundColor: '#ffffff', borderRadius: 8, margin: '0 auto', maxWidth: 560, padding: '24px 32px' },
  label: { color: '#71717a', fontSize: 12, letterSpacing: 0.5, margin: 0, textTransform: 'uppercase' as const },
  title: { color: '#18181b', fontSize: 20, margin: '8px 0 16px' },
  footer: { color: '#a1a1aa', fontSize: 12 },
};

export interface EmailLayoutProps {
  /** The inbox's preview line. */
  preview: string;
  /** The kind of message, small above the content. */
  label: string;
  appUrl: string;
  /** Ends "Sent by Tocsin …": why this person got it. */
  sentBecause: string;
  children: ReactNode;
}

export function EmailLayout({ preview, label, appUrl, sentBecause, children }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={emailStyles.body}>
        <Container style={emailStyles.container}>
          <Text style={emailStyles.label}>{label}</Text>
          {children}
          <Hr />
          <Text style={emailStyles.footer}>
            Sent by <Link href={appUrl}>Tocsin</Link> {sentBecause}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
