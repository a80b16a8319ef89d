/**
 * Editors for catalog records, as modal dialogs. Each loads what it needs, saves through
 * the API with the version it started from, and calls onClose (with the saved id) when
 * done or cancelled. They load on first use (lazy.tsx), outside the start-up bundle.
 */

export { ChangeHistory } from './ChangeHistory';
export {
  AssetEditor,
  ContactEditor,
  ContractEditor,
  CustomerEditor,
  VendorEditor,
  WindowEditor,
} from './lazy';
