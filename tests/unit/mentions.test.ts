import { describe, expect, it } from 'vitest';
import { mentionedUsernames } from '@/lib/domain/mentions';

describe('@username mentions in a note', () => {
  it('finds each mentioned name once, lower-cased', () => {
    expect(mentionedUsernames('@Alice and @bob, then @alice again')).toEqual(['alice', 'bob']);
  });

  it('a full stop or hyphen ending a sentence is tried with and without', () => {
    expect(mentionedUsernames('thanks @bob.')).toEqual(['bob.', 'bob']);
    expect(mentionedUsernames('ask @j.doe-')).toEqual(['j.doe-', 'j.doe']);
  });

  it('an email address is not a mention', () => {
    expect(mentionedUsernames('mail alice@example.com or x.y@z')).toEqual([]);
  });

  it('a lone @ or one inside a word is nothing', () => {
    expect(mentionedUsernames('@ me, a@@b, @@c')).toEqual([]);
  });
});
