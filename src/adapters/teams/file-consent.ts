import type { Activity, Attachment } from 'botbuilder';

// Teams lets a bot send a file only in a personal chat and only with the person's consent: the bot offers it with a
// file consent card; on "Allow" Teams sends a `fileConsent/invoke` with an upload URL in the person's OneDrive, the
// bot PUTs the bytes there and then posts a file info card that opens it.

const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** What the consent card carries back: the command whose report becomes the file (built again on "Allow"). */
export interface CsvOffer {
  uptake: 'csv';
  command: string;
}

export interface UploadInfo {
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

export type FileConsentAnswer = { action: 'accept'; offer: CsvOffer; upload: UploadInfo } | { action: 'decline'; offer: CsvOffer };

export function consentCard(fileName: string, sizeInBytes: number, offer: CsvOffer): Attachment {
  return {
    contentType: CONSENT,
    name: fileName,
    content: { description: 'The numbers of your Uptake answer as a CSV file (every table; the first column names it)', sizeInBytes, acceptContext: offer, declineContext: offer },
  };
}

export function fileInfoCard(upload: UploadInfo): Attachment {
  return { contentType: FILE_INFO, contentUrl: upload.contentUrl, name: upload.name, content: { uniqueId: upload.uniqueId, fileType: upload.fileType } };
}

const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** The person's answer to one of our consent cards (null for any other invoke, or one that is not ours). */
export function fileConsentOf(activity: Partial<Activity>): FileConsentAnswer | null {
  if (activity.type !== 'invoke' || activity.name !== 'fileConsent/invoke') return null;
  const value = activity.value as { action?: unknown; context?: { uptake?: unknown; command?: unknown }; uploadInfo?: Record<string, unknown> } | undefined;
  const context = value?.context;
  if (context?.uptake !== 'csv' || !text(context.command, 500)) return null;
  const offer: CsvOffer = { uptake: 'csv', command: context.command };
  if (value?.action === 'decline') return { action: 'decline', offer };
  const info = value?.uploadInfo;
  if (value?.action !== 'accept' || !info) return null;
  const { name, uploadUrl, contentUrl, uniqueId, fileType } = info;
  if (!text(name, 300) || !text(uploadUrl, 2000) || !text(contentUrl, 2000) || !text(uniqueId, 200) || !text(fileType, 20)) return null;
  return { action: 'accept', offer, upload: { name, uploadUrl, contentUrl, uniqueId, fileType } };
}

/** PUTs the file into the upload session Teams opened (one request: the whole range). */
export async function uploadToConsentUrl(uploadUrl: string, bytes: Buffer): Promise<void> {
  const res = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'content-length': String(bytes.length), 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    body: bytes,
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`the file upload to Teams answered ${res.status}`);
}
