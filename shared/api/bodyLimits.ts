/**
 * How much a call may send to `lifeline serve` (README, "Command line"). A call's body may
 * be 4 MB (a pasted alert is at most 1 M characters); imports and handover bundles send
 * whole files, up to 70 MB. Bodies being received at once are capped, and uploads among
 * them, so parallel uploads cannot take the host's memory: at most 8, of which 2 uploads.
 * The web host enforces these; the browser console checks them before sending, so a file
 * that is too big is refused with this message instead of a cut connection.
 */
export const BODY_LIMITS = {
  callBytes: 4 * 1024 * 1024,
  uploadBytes: 70 * 1024 * 1024,
  inFlight: 8,
  uploadsInFlight: 2,
} as const;

// import:inspect reads the same files import:run then sends.
const UPLOAD_CALLS: ReadonlySet<string> = new Set(['import:run', 'import:inspect', 'handover:import']);

export function isUploadCall(name: string): boolean {
  return UPLOAD_CALLS.has(name);
}

export function bodyLimitFor(name: string): number {
  return isUploadCall(name) ? BODY_LIMITS.uploadBytes : BODY_LIMITS.callBytes;
}

const megabytes = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

export function bodyTooLargeMessage(name: string): string {
  const upload = isUploadCall(name);
  return `The request is over ${megabytes(bodyLimitFor(name))}, the limit for ${name}${
    upload ? '' : ` (imports may send ${megabytes(BODY_LIMITS.uploadBytes)})`
  }. Send less at once${upload ? ': split the files into several imports' : ''}.`;
}
