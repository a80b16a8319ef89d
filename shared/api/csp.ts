/**
 * The Content Security Policy for the console, sent by both hosts (app:// in the desktop
 * app, `lifeline serve` on the web): no remote loads, no inline scripts or styles, no eval.
 * renderer/index.html carries the same policy in a meta tag for defence in depth.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
