import { describe, expect, it } from 'vitest';
import { escapeSlackMrkdwn, escapeTeamsMarkdown, escapeWithin, safeHttpUrl, truncate } from '@/lib/delivery/escape';

describe('Slack mrkdwn escaping', () => {
  it('replaces &, < and > only, & first', () => {
    expect(escapeSlackMrkdwn('a & <b> &amp; > c')).toBe('a &amp; &lt;b&gt; &amp;amp; &gt; c');
  });

  it('turns broadcasts, user mentions and links into text', () => {
    expect(escapeSlackMrkdwn('<!channel> <!here> <@U123> <https://evil.example|click>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt;',
    );
  });

  it('leaves everything else alone: a plain @channel pings no one without link_names', () => {
    expect(escapeSlackMrkdwn('@channel *bold* _it_ "quoted" \'s')).toBe('@channel *bold* _it_ "quoted" \'s');
  });
});

describe('Teams card text escaping', () => {
  it('keeps user text from adding links, emphasis, lists, mentions or date functions', () => {
    expect(escapeTeamsMarkdown('[click](https://evil.example)')).toBe('\\[click\\]\\(https://evil\\.example\\)');
    expect(escapeTeamsMarkdown('**bold** _it_')).toBe('\\*\\*bold\\*\\* \\_it\\_');
    expect(escapeTeamsMarkdown('- item')).toBe('\\- item');
    expect(escapeTeamsMarkdown('<at>Bob</at>')).toBe('\\<at\\>Bob\\</at\\>');
    expect(escapeTeamsMarkdown('{{DATE(2026-01-01T00:00:00Z)}}')).toBe('\\{\\{DATE\\(2026\\-01\\-01T00:00:00Z\\)\\}\\}');
  });

  it('escapes a backslash too, so user text cannot cancel an escape', () => {
    expect(escapeTeamsMarkdown('\\[x]')).toBe('\\\\\\[x\\]');
  });
});

describe('links and lengths', () => {
  it('only absolute http(s) links are kept', () => {
    expect(safeHttpUrl('https://tocsin.example/findings/1')).toBe('https://tocsin.example/findings/1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('truncation ends in an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('escaped text fits its limit without a half-written entity', () => {
    const escaped = escapeWithin('&'.repeat(100), 52, escapeSlackMrkdwn);
    expect(escaped.length).toBeLessThanOrEqual(52);
    expect(escaped).toMatch(/^(&amp;)+…$/);
  });
});
