/** What other parts of the console use from the handover slice (the status bar's engineer switcher). */
export { EngineerSwitcher } from './EngineerSwitcher';
