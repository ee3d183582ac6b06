import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Access control of the web page. On the loopback address (the default) only this machine can
 * reach the server. Any other address needs an access token: every request then carries it, as a
 * cookie the login page sets (HttpOnly, SameSite=Strict), or as "Authorization: Bearer <token>".
 */

export const TOKEN_ENV = 'FISCAL_REPORT_TOKEN';
export const SESSION_COOKIE = 'fiscal_report_session';
/** Shorter tokens are refused at start: they could be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/** A token to suggest when refusing one: 128 random bits, as `openssl rand -hex 16` gives. */
export const suggestToken = (): string => randomBytes(16).toString('hex');

/**
 * Why a token may not be used, or null. It must be at least MIN_TOKEN_LENGTH characters without any
 * space or line break: the login page trims what is typed, so a token with spaces at its ends (or
 * of spaces only) could never be entered, and one made of a few characters could be guessed.
 */
export function tokenProblem(token: string): string | null {
  if (/\s/.test(token)) return `访问令牌中有空格或换行（共 ${token.length} 个字符，其中 ${token.replace(/\s/g, '').length} 个不是空白）：登录时输入的令牌会去掉前后的空格，这样的令牌可能无法登录`;
  if (token.length < MIN_TOKEN_LENGTH) return `访问令牌太短（${token.length} 个字符）`;
  return null;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** The cookie value standing for the token (the token itself never travels in the cookie). */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('fiscal-report web session v1').digest('base64url');
}

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host name of a Host header (without the port; IPv6 in brackets kept whole). */
export function hostName(hostHeader: string | undefined): string {
  const h = (hostHeader ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

/** Where to go after logging in: a path on this server only (never another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}
