// A scan import's changes in Slack Block Kit and in Adaptive Card elements: the counts by severity,
// then the first new, reactivated and closed findings, each linked. User text is escaped per format.
import type { KnownBlock } from '@slack/web-api';
import { escapeSlackMrkdwn, escapeTeamsMarkdown, escapeWithin, safeHttpUrl } from '../escape';
import { scanCountsLine, scanLists, type ScanMessage } from '../scan-changes';

const SECTION_MAX = 3000;
const LINE_MAX = 300;

export function slackScanBlocks(scan: ScanMessage): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlackMrkdwn(scanCountsLine(scan)) } }];
  for (const list of scanLists(scan)) {
    const lines = list.findings.map((f) => {
      const text = escapeWithin(f.line, LINE_MAX, escapeSlackMrkdwn).replace(/\|/g, '¦');
      const link = safeHttpUrl(f.url);
      return link && link.length <= 500 ? `• <${link}|${text}>` : `• ${text}`;
    });
    if (list.more > 0) lines.push(`• and ${list.more} more`);
    const text = `*${list.label}*\n${lines.join('\n')}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: text.length > SECTION_MAX ? text.slice(0, SECTION_MAX) : text },
    });
  }
  return blocks;
}

export function teamsScanElements(scan: ScanMessage): Record<string, unknown>[] {
  const elements: Record<string, unknown>[] = [{ type: 'TextBlock', text: escapeTeamsMarkdown(scanCountsLine(scan)), wrap: true }];
  for (const list of scanLists(scan)) {
    elements.push({
      type: 'TextBlock',
      text: escapeTeamsMarkdown(list.label),
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    });
    const lines = list.findings.map((f) => {
      const text = escapeWithin(f.line, LINE_MAX, escapeTeamsMarkdown);
      const link = safeHttpUrl(f.url);
      return link ? `- [${text}](${link})` : `- ${text}`;
    });
    if (list.more > 0) lines.push(`- and ${list.more} more`);
    elements.push({ type: 'TextBlock', text: lines.join('\n'), wrap: true });
  }
  return elements;
}
