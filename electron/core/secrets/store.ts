/**
 * Where secrets (the central password) live: the OS secure storage through the desktop
 * shell (Electron safeStorage), or memory for this session in the browser host and CLI.
 * Never the database or a plain file.
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'session';
  get(name: string): Promise<string | null>;
  /** null forgets the secret. */
  set(name: string, value: string | null): Promise<void>;
}
