/** The app version, injected at build time by esbuild; "dev" when run from sources (tests). */
declare const __LIFELINE_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __LIFELINE_VERSION__ === 'string' ? __LIFELINE_VERSION__ : 'dev';
