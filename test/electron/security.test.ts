/**
 * The desktop shell's security decisions that need no Electron runtime: which links go to
 * the operating system, which URLs count as the app's own, and which files app:// serves.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppUrl,
  isSafeExternalUrl,
  mimeTypeFor,
  resolveAppFile,
} from '../../electron/security';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/csp';

describe('links handed to the operating system', () => {
  it('allows web, mail and phone links', () => {
    for (const url of [
      'https://status.example.com/incidents/42',
      'http://10.20.0.5/ui',
      'mailto:noc@example.com',
      'tel:+31201234567',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses anything that could run or read something locally', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'smb://fileserver/share',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=calc',
      'app://lifeline/index.html',
      'https://user:secret@example.com/',
      'https://',
      'https://exa mple.com/',
      'https://example.com/\nnext',
      'mailto:',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('the app origin', () => {
  it('recognises the app entry and its assets', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://lifeline/assets/index-abc.js')).toBe(true);
  });

  it('does not mistake look-alikes for the app', () => {
    for (const url of [
      'app://lifeline.evil.com/index.html',
      'app://other/index.html',
      'https://lifeline/index.html',
      'file:///app/lifeline/index.html',
      'app://lifeline:8080/index.html',
      'app://evil@lifeline/index.html',
      'about:blank',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('files served over app://', () => {
  const root = path.resolve('/srv/lifeline/out/renderer');

  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://lifeline/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://lifeline/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://lifeline/assets/app%20main.js?v=1#x')).toBe(
      path.join(root, 'assets', 'app main.js'),
    );
  });

  it('refuses to leave the renderer folder', () => {
    for (const url of [
      'app://lifeline/..%2f..%2fetc%2fpasswd',
      'app://lifeline/assets/..%2F..%2F..%2Fsecret',
      'app://lifeline/..%5c..%5cwindows%5cwin.ini',
      'app://lifeline/index.html%00.png',
      'app://lifeline/%E0%A4%A',
      'app://other/index.html',
      'https://lifeline/index.html',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('keeps dot segments the URL parser resolves inside the renderer folder', () => {
    for (const url of ['app://lifeline/%2e%2e/%2e%2e/etc/passwd', 'app://lifeline/../../etc/passwd']) {
      expect(resolveAppFile(root, url), url).toBe(path.join(root, 'etc', 'passwd'));
    }
  });

  it('declares a strict content security policy', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('labels the renderer files with their types', () => {
    expect(mimeTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(mimeTypeFor('/x/a.bin')).toBe('application/octet-stream');
  });
});
