import { describe, expect, it } from 'vitest';
import { mailStatusLabel } from '@/lib/mail/status-label';

describe('the Invites tab’s mail status', () => {
  it.each([
    ['queued, not tried yet', { status: 'pending', lastError: null, attempts: 0 }, 'Queued'],
    ['a first attempt in flight', { status: 'sending', lastError: null, attempts: 1 }, 'Sending'],
    ['a batch split (another message was refused), each about to go on its own', { status: 'pending', lastError: null, attempts: 1 }, 'Sending'],
    ['a first attempt that failed', { status: 'pending', lastError: 'Timed out', attempts: 1 }, 'Retrying (1 failed)'],
    ['a second attempt in flight after one failure', { status: 'sending', lastError: 'Timed out', attempts: 2 }, 'Retrying (1 failed)'],
    ['delivered', { status: 'sent', lastError: null, attempts: 3, providerId: 're_123' }, 'Sent'],
    ['only kept in the local mailbox (no mail provider)', { status: 'sent', lastError: null, attempts: 1, providerId: 'local:invitation:abc' }, 'Kept in the local mailbox (not delivered)'],
    ['refused by Resend', { status: 'failed', lastError: 'Invalid `to` field', attempts: 1 }, 'Failed: Invalid `to` field'],
    ['out of retries', { status: 'failed', lastError: 'Not delivered after 3 days: Timed out', attempts: 150 }, 'Failed — not delivered after 3 days'],
  ])('%s', (_case, mail, label) => {
    expect(mailStatusLabel(mail).label).toBe(label);
  });

  it('never says Retrying before an attempt has failed', () => {
    for (const attempts of [1, 2, 5]) expect(mailStatusLabel({ status: 'sending', lastError: null, attempts }).label).toBe('Sending');
  });
});
