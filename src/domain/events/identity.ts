import type { AttributeReader } from '../otlp/attributes.ts';
import { LIMITS, TOOL_PATTERN } from './limits.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  const email = value.trim().toLowerCase();
  return email.length <= LIMITS.maxEmailLength && EMAIL.test(email) ? email : null;
}

export function isEmail(value: string): boolean {
  return normalizeEmail(value) !== null;
}

/** OTel `service.name` to our tool name; another service's name as a slug (`My App_2` → `my-app-2`), else `unknown`. */
export function toolFromServiceName(value: string | number | boolean | null | undefined): string {
  // Untrusted input: a sender may put a number or boolean in service.name.
  const serviceName = value === null || value === undefined ? '' : String(value);
  if (!serviceName) return 'unknown';
  if (serviceName === 'claude-code' || serviceName === 'claude-code-desktop') return 'claude-code';
  if (serviceName === 'gemini-cli') return 'gemini-cli';
  const slug = serviceName.trim().toLowerCase().replace(/[\s_.]+/g, '-');
  return TOOL_PATTERN.test(slug) ? slug : 'unknown';
}

/** Who did it: the person's email when the client knows it. */
export function personEmailOf(attrs: AttributeReader): string | null {
  return normalizeEmail(attrs.str('user.email')) ?? normalizeEmail(attrs.str('enduser.id'));
}

/** The raw identity, most personal first: email, account, custom end-user id, install id. */
export function identityOf(attrs: AttributeReader): string | null {
  return (
    attrs.str('user.email') ??
    attrs.str('user.account_uuid') ??
    attrs.str('user.account_id') ??
    attrs.str('enduser.id') ??
    attrs.str('user.id') ??
    attrs.str('installation.id')
  );
}

export function projectOf(attrs: AttributeReader): string | null {
  return attrs.str('project') ?? attrs.str('product.name');
}
