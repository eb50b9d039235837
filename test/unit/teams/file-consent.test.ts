import { describe, expect, it } from 'vitest';
import { consentCard, fileConsentOf, fileInfoCard } from '../../../src/adapters/teams/file-consent.ts';

const offer = { uptake: 'csv' as const, command: 'usage 30d' };
const uploadInfo = { name: 'u.csv', uploadUrl: 'https://acme-my.sharepoint.com/upload/1', contentUrl: 'https://acme-my.sharepoint.com/u.csv', uniqueId: 'u1', fileType: 'csv' };
const invoke = (value: Record<string, unknown>, name = 'fileConsent/invoke') => ({ type: 'invoke', name, value });

describe('Teams file consent', () => {
  it('reads an "Allow" of our offer, and a "Decline"', () => {
    expect(fileConsentOf(invoke({ type: 'fileUpload', action: 'accept', context: offer, uploadInfo }))).toEqual({ action: 'accept', offer, upload: uploadInfo });
    expect(fileConsentOf(invoke({ type: 'fileUpload', action: 'decline', context: offer }))).toEqual({ action: 'decline', offer });
  });

  it.each([
    ['another invoke', invoke({ action: 'accept', context: offer, uploadInfo }, 'adaptiveCard/action')],
    ['not our context', invoke({ action: 'accept', context: { other: 1 }, uploadInfo })],
    ['an empty command', invoke({ action: 'accept', context: { uptake: 'csv', command: '' }, uploadInfo })],
    ['a command too long', invoke({ action: 'accept', context: { uptake: 'csv', command: 'x'.repeat(501) }, uploadInfo })],
    ['no upload URL', invoke({ action: 'accept', context: offer, uploadInfo: { ...uploadInfo, uploadUrl: undefined } })],
    ['an unknown action', invoke({ action: 'maybe', context: offer, uploadInfo })],
  ])('ignores %s', (_what, activity) => expect(fileConsentOf(activity as never)).toBeNull());

  it('offers with a consent card and shows the file with a file info card, as Teams defines them', () => {
    expect(consentCard('u.csv', 120, offer)).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.consent', name: 'u.csv', content: { sizeInBytes: 120, acceptContext: offer, declineContext: offer } });
    expect(fileInfoCard(uploadInfo)).toEqual({ contentType: 'application/vnd.microsoft.teams.card.file.info', contentUrl: uploadInfo.contentUrl, name: 'u.csv', content: { uniqueId: 'u1', fileType: 'csv' } });
  });
});
